// Runs an optimiser on a function of two variables and records where it went (第4章 4.2's
// loss-surface figure). A step that makes the loss NaN or ±∞ ends the run with a message
// instead of drawing garbage.
import * as tf from "@book/tf";
import { yieldToPage } from "../train/loop.js";
import { lossAndGrads, type Optimizer } from "./optimizer.js";

export interface Trajectory {
  /** Positions θ₀, θ₁, … (θ₀ is the start). */
  points: [number, number][];
  losses: number[];
  /** Set when the run stopped early: "损失在第 k 步变成 NaN/∞". */
  stopped?: string;
}

/** `steps` updates of the optimiser that make(params) builds, from start, on loss(θ). Frees every tensor it made. */
export async function trajectory(make: (params: tf.Variable[]) => Optimizer, loss: (theta: tf.Tensor1D) => tf.Scalar, start: [number, number], steps: number): Promise<Trajectory> {
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(start))) as tf.Variable<tf.Rank.R1>;
  let optimizer: Optimizer | undefined;
  const result: Trajectory = { points: [start], losses: [] };
  try {
    optimizer = make([theta]);
    for (let t = 1; t <= steps; t++) {
      const { loss: value, grads } = lossAndGrads([theta], () => loss(theta));
      optimizer.step(grads);
      const before = (await value.data())[0];
      tf.dispose([value, ...grads]);
      const [x, y] = Array.from(await theta.data());
      result.losses.push(before);
      if (![before, x, y].every(Number.isFinite) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) {
        result.stopped = `损失在第 ${t} 步变成 NaN/∞（或参数超过 10⁶），已停止`;
        break;
      }
      result.points.push([x, y]);
      // On WASM data() resolves at once: without a real break a long run would hold the page.
      if (t % 20 === 0) await yieldToPage();
    }
  } finally {
    optimizer?.dispose();
    theta.dispose();
  }
  return result;
}
