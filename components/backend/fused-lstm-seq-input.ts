// The input side of the whole-sequence LSTM kernels (fused-lstm-seq-math.ts): the projection
// x·W + b of every time step and the padding mask before the recurrence, and their gradients
// after it, inside the same two kernels instead of ~30 small ones around them (transposes to
// time-major and back, reshapes, the mask's cast, the product's autodiff). Each is what
// FastLstm's other paths run as tfjs ops, through the same backend kernels with the same
// inputs: _FusedMatMul on the time-major rows; for the gradient BatchMatMul and Sum as
// tf.fused.matMul's gradient calls them, the transposed operands that the book's wasm
// BatchMatMul would make first (components/backend/wasm-kernels.ts) written here directly
// (a transpose is an exact copy). So the bits stay those of the per-step path.
import type { Arrays } from "./fused-lstm-math.js";

/** [rows, cols] → [cols, rows] from `src`, into `dst` (plain arrays). */
function transpose(src: ArrayLike<number>, rows: number, cols: number, dst: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
}

/** The first step at which some row has a real input (keep [T, B, 1] ≠ 0); the last step
 * when there is none (it then only carries the zeros), 0 without a mask. The steps before it
 * are padding in every row: the sequence kernels skip them (fused-lstm-seq-math.ts). */
export function firstRealStep(keep: Float32Array | null, steps: number, batch: number): number {
  if (!keep) return 0;
  for (let t = 0; t < steps; t++) for (let b = 0; b < batch; b++) if (keep[t * batch + b] !== 0) return t;
  return steps - 1;
}

export interface ProjectedInputs<H> {
  /** x·W + b for the steps from `start` on, time-major [1, (T − start)·B, 4u] (scratch). */
  p: H;
  /** Those steps' time-major inputs transposed, [F, (T − start)·B] (for δW = xᵀ·δp). */
  xT: H;
  /** 1 where a step is a real input, 0 where padding: [T, B, 1] (null without a mask). */
  keep: H | null;
  /** The first step computed (firstRealStep). */
  start: number;
}

/** From x [B, T, F], kernel W [F, 4u], bias [4u] (or none), mask [B, T] (or none). */
export function projectInputs<H>(arrays: Arrays<H>, inputs: Record<string, H>, shapes: Record<string, number[]>): ProjectedInputs<H> {
  const [batch, steps, features] = shapes.x;
  const four = shapes.kernel[1];
  const { alloc, view } = arrays;
  let keep: H | null = null;
  if (inputs.mask) {
    keep = alloc([steps, batch, 1]);
    // view() gives the mask's own typed array (bool: bytes), read only as zero or not.
    const [M, K] = [view(inputs.mask), view(keep)];
    for (let b = 0; b < batch; b++) for (let t = 0; t < steps; t++) K[t * batch + b] = M[b * steps + t] ? 1 : 0;
  }
  const start = firstRealStep(keep ? view(keep) : null, steps, batch);
  // Each row of the product is computed on its own: leaving out the skipped steps' rows
  // changes none of the others.
  const rows = (steps - start) * batch;
  const [timeMajor, xT] = [alloc([1, rows, features]), alloc([features, rows])];
  {
    const [X, TM, XT] = [view(inputs.x), view(timeMajor), view(xT)];
    for (let b = 0; b < batch; b++) for (let t = start; t < steps; t++) TM.set(X.subarray((b * steps + t) * features, (b * steps + t + 1) * features), ((t - start) * batch + b) * features);
    transpose(TM, rows, features, XT);
  }
  const p = arrays.fusedMatMul(timeMajor, arrays.reshape(inputs.kernel, [1, features, four]), inputs.bias ?? null);
  arrays.free(timeMajor);
  return { p, xT, keep, start };
}

/** δx [B, T, F], δW [F, 4u] and δb [4u] (hasBias) from δp [T − start, B, 4u] (the computed
 * steps; δp is 0 before them), as tf.fused.matMul's gradient computes them: δx = δp·Wᵀ,
 * δW = xᵀ·δp, δb = Σ over rows of δp. Rows of zeros add nothing to the sums: they are left out
 * (δx is 0 there). */
export function inputGradients<H>(arrays: Arrays<H>, dp: H, inputs: Record<string, H>, shapes: Record<string, number[]>, hasBias: boolean): H[] {
  const [features, rows] = shapes.xT;
  const four = shapes.kernel[1];
  const [steps, batch] = shapes.record;
  const start = steps - rows / batch;
  const { alloc, view } = arrays;
  const dp3 = arrays.reshape(dp, [1, rows, four]);
  const wT = alloc([1, four, features]);
  transpose(view(inputs.kernel), features, four, view(wT));
  const dxTimeMajor = arrays.matMul(dp3, wT);
  const dW = arrays.matMul(arrays.reshape(inputs.xT, [1, features, rows]), dp3);
  const db = hasBias ? arrays.sum(dp3, [0, 1]) : null;
  const dx = alloc([batch, steps, features]);
  {
    const [DT, DX] = [view(dxTimeMajor), view(dx)];
    if (start > 0) DX.fill(0);
    for (let b = 0; b < batch; b++) for (let t = start; t < steps; t++) DX.set(DT.subarray(((t - start) * batch + b) * features, ((t - start) * batch + b + 1) * features), (b * steps + t) * features);
  }
  arrays.free(wT);
  arrays.free(dxTimeMajor);
  return [dx, arrays.reshape(dW, [features, four]), ...(db ? [db] : [])];
}
