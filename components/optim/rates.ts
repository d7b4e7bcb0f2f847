// Convergence rates on the ill-conditioned quadratic f(x, y) = ½(x² + κy²) (第4章 4.2), measured
// with the book's own optimisers and set beside the theory:
//   gradient descent at its best step η = 2/(1+κ) contracts ‖θ_t − θ*‖ by (κ−1)/(κ+1) per step;
//   heavy ball at its best (η, μ) = (4/(√κ+1)², ((√κ−1)/(√κ+1))²) by (√κ−1)/(√κ+1).
// The measured rate is the per-step factor over the second half of the run; heavy ball's
// iteration matrix has a double eigenvalue there, so ‖θ_t‖ ~ t·r^t and a window that starts
// late keeps the extra factor (T/(T/2))^(2/T) small.
import * as tf from "@book/tf";
import { momentum } from "./momentum.js";
import type { Optimizer } from "./optimizer.js";
import { sgd } from "./sgd.js";
import { trajectory } from "./trajectory.js";

export const KAPPA_RANGE: [number, number] = [10, 1000];

export interface RateRun {
  name: string;
  setting: string;
  /** ‖θ_t − θ*‖ for t = 0 … T. */
  distances: number[];
  theory: number;
  measured: number;
  stopped?: string;
}

export function kappaProblem(kappa: number): string | null {
  const [lo, hi] = KAPPA_RANGE;
  return kappa >= lo && kappa <= hi ? null : `条件数 κ 必须在 ${lo} 到 ${hi} 之间，收到 ${kappa}`;
}

/** Per-step factor of the distances between steps `from` and `to` (geometric mean). */
export function measuredRate(distances: readonly number[], from: number, to: number): number {
  return (distances[to] / distances[from]) ** (1 / (to - from));
}

/** Gradient descent and heavy ball at their optimal settings on ½(x² + κy²), from (1, 1). */
export async function quadraticRates(kappa: number, maxSteps = 400): Promise<RateRun[]> {
  const problem = kappaProblem(kappa);
  if (problem) throw new Error(problem);
  const root = Math.sqrt(kappa);
  const loss = (theta: tf.Tensor1D) => tf.tidy(() => tf.mul(0.5, tf.sum(tf.mul(tf.tensor1d([1, kappa]), tf.square(theta)))) as tf.Scalar);
  const methods: [string, string, number, (p: tf.Variable[]) => Optimizer][] = [
    ["梯度下降", `η = 2/(1+κ) = ${(2 / (1 + kappa)).toPrecision(3)}`, (kappa - 1) / (kappa + 1), (p) => sgd(p, { lr: 2 / (1 + kappa) })],
    ["重球法（动量）", `η = ${(4 / (root + 1) ** 2).toPrecision(3)}，μ = ${(((root - 1) / (root + 1)) ** 2).toPrecision(3)}`, (root - 1) / (root + 1), (p) => momentum(p, { lr: 4 / (root + 1) ** 2, mu: ((root - 1) / (root + 1)) ** 2 })]
  ];
  const runs: RateRun[] = [];
  for (const [name, setting, theory, make] of methods) {
    // Enough steps to shrink the distance ~10⁻¹⁶ (float32 reaches 10⁻³⁸), at most maxSteps.
    const steps = Math.min(maxSteps, Math.max(60, Math.ceil((16 * Math.LN10) / -Math.log(theory))));
    const run = await trajectory(make, loss, [1, 1], steps);
    const distances = run.points.map(([x, y]) => Math.hypot(x, y));
    const last = distances.length - 1;
    runs.push({ name, setting, distances, theory, measured: measuredRate(distances, Math.floor(last / 2), last), stopped: run.stopped });
  }
  return runs;
}
