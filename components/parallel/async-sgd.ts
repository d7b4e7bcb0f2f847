// Asynchronous SGD with stale gradients (5.1, src/ch5-1-parallel.md): a worker reads the
// parameters, computes a gradient, and by the time it arrives τ other updates have been applied.
// Simulated exactly on one thread: the gradient applied at step t was computed from the
// parameters of step t − τ. Same data, same start, so τ is the only difference between runs.
import { lossAndGradient, meanLoss, sgdUpdate } from "./mlp.js";
import type { Batch } from "./data-parallel.js";

export interface StaleRun {
  tau: number;
  /** Loss of the current parameters on a fixed evaluation batch, after each step. */
  losses: number[];
}

export async function staleSgd(sizes: number[], initial: Float32Array, batches: Batch[], evaluation: Batch, { tau, lr, steps, yieldEvery = 5 }: { tau: number; lr: number; steps: number; yieldEvery?: number }): Promise<StaleRun> {
  const params = Float32Array.from(initial);
  const history: Float32Array[] = [Float32Array.from(params)];
  const losses: number[] = [];
  for (let t = 0; t < steps; t++) {
    const stale = history[Math.max(0, history.length - 1 - tau)];
    const batch = batches[t % batches.length];
    const { gradient } = await lossAndGradient(stale, sizes, batch.x, batch.labels, batch.n);
    sgdUpdate(params, gradient, lr);
    history.push(Float32Array.from(params));
    if (history.length > tau + 1) history.shift();
    const loss = await meanLoss(params, sizes, evaluation.x, evaluation.labels, evaluation.n);
    losses.push(Number.isFinite(loss) ? loss : NaN);
    if (t % yieldEvery === 0) await new Promise((r) => setTimeout(r, 0));
  }
  return { tau, losses };
}
