// What every compression method of 5.3 is judged by, on the same test digits: accuracy,
// the logits (the teacher's, for distillation), and the measured time of one batch.
import * as tf from "@book/tf";
import { breathe } from "./breathe.js";
import { cnnLogits, toTensors, type CnnWeights } from "./cnn-weights.js";

/** Rewrites the activations at ACTIVATION_POINTS (cnn-weights.ts) during a forward pass. */
export type ActivationHook = (t: tf.Tensor, point: number) => tf.Tensor;

/** Logits of all of x, row-major [n, 10], computed in batches. */
export async function predictLogits(w: CnnWeights, x: tf.Tensor4D, batchSize = 500, activation?: ActivationHook): Promise<Float32Array> {
  const params = toTensors(w);
  try {
    const n = x.shape[0];
    const out = new Float32Array(n * 10);
    for (let start = 0; start < n; start += batchSize) {
      const logits = tf.tidy(() => cnnLogits(w, params.list, x.slice(start, Math.min(batchSize, n - start)), undefined, activation));
      out.set(await logits.data(), start * 10);
      logits.dispose();
      await breathe(); // on WASM data() resolves at once: give the page a turn
    }
    return out;
  } finally {
    params.dispose();
  }
}

export function argmaxRows(logits: Float32Array, classes = 10): Int32Array {
  const n = logits.length / classes;
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + best]) best = k;
    predicted[i] = best;
  }
  return predicted;
}

/** Fraction of x classified as its label. */
export async function testAccuracy(w: CnnWeights, x: tf.Tensor4D, labels: ArrayLike<number>, activation?: ActivationHook): Promise<number> {
  const predicted = argmaxRows(await predictLogits(w, x, 500, activation));
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) right++;
  return right / predicted.length;
}

/** Median milliseconds for one forward pass over `batch` (after one warm-up run), read back
 * with await so the time includes the whole computation. A measurement, never a promise:
 * it depends on the backend and on what else the machine is doing. */
export async function batchLatency(w: CnnWeights, batch: tf.Tensor4D, repeats = 7): Promise<number> {
  const params = toTensors(w);
  try {
    const times: number[] = [];
    for (let r = 0; r <= repeats; r++) {
      const start = performance.now();
      const logits = cnnLogits(w, params.list, batch);
      await logits.data();
      logits.dispose();
      if (r > 0) times.push(performance.now() - start);
      await breathe(0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    params.dispose();
  }
}
