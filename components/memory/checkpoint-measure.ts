// 5.2: what recomputation trades, measured. For each way of taking a step (plain, or segments
// of k layers) on the same deep MLP and batch: the peak tf.memory().numBytes above the bytes
// alive before the step (peak-bytes.ts), the mean time of a step, and the largest difference
// of its gradients from the plain ones (recomputation must not change them). The time includes
// one macrotask yield per step, the same for every method.
import * as tf from "@book/tf";
import { applySgd, deepMlp, gradientsCheckpointed, gradientsPlain, type DeepMlp } from "./checkpoint.js";
import { measurePeakBytes } from "./peak-bytes.js";
import { yieldToPage } from "../train/loop.js";

export interface CheckpointRow {
  /** 0 for plain backpropagation. */
  perSegment: number;
  peakBytes: number;
  msPerStep: number;
  maxGradientDifference: number;
  loss: number;
}

type Method = (model: DeepMlp, x: tf.Tensor2D, y: tf.Tensor2D) => { loss: tf.Scalar; grads: tf.Tensor[] };

export async function compareCheckpointing(x: tf.Tensor2D, y: tf.Tensor2D, { sizes, segments, steps = 3, seed = 1 }: { sizes: number[]; segments: number[]; steps?: number; seed?: number }): Promise<CheckpointRow[]> {
  const methods: [number, Method][] = [[0, gradientsPlain], ...segments.map((k): [number, Method] => [k, (m, xb, yb) => gradientsCheckpointed(m, xb, yb, k)])];
  const model = deepMlp(sizes, seed);
  try {
    const reference = gradientsPlain(model, x, y);
    const referenceValues = await Promise.all(reference.grads.map((g) => g.data()));
    tf.dispose([reference.loss, ...reference.grads]);
    const rows: CheckpointRow[] = [];
    for (const [perSegment, method] of methods) {
      // Gradients and peak on the untouched weights, compared with the plain ones.
      const { result, start, peak } = await measurePeakBytes(() => method(model, x, y));
      let maxGradientDifference = 0;
      for (const [i, g] of result.grads.entries()) {
        const values = await g.data();
        for (let j = 0; j < values.length; j++) maxGradientDifference = Math.max(maxGradientDifference, Math.abs(values[j] - referenceValues[i][j]));
      }
      const loss = (await result.loss.data())[0];
      tf.dispose([result.loss, ...result.grads]);
      // Time: `steps` whole steps (gradients + update) on a copy of the weights.
      const copy = deepMlp(sizes, seed);
      const began = performance.now();
      for (let step = 0; step < steps; step++) {
        const { loss: l, grads } = method(copy, x, y);
        applySgd(copy, grads, 0.01);
        await l.data();
        l.dispose();
        await yieldToPage();
      }
      const msPerStep = (performance.now() - began) / steps;
      copy.dispose();
      rows.push({ perSegment, peakBytes: peak - start, msPerStep, maxGradientDifference, loss });
      await yieldToPage();
    }
    return rows;
  } finally {
    model.dispose();
  }
}
