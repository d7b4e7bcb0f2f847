// MNIST digits as the flat batches the 5.1 workers take (src/ch5-1-parallel.md): pixels scaled
// to [0, 1], optionally averaged over 2×2 blocks (14×14 = 196 inputs, so that the pipeline's
// layers all have the same width and its stages equal work).
import type { MnistSplit } from "../data/mnist.js";
import type { Batch } from "./data-parallel.js";

/** Digits [offset, offset + n) of the split (wrapping around), 784 inputs, or 196 with `pool`. */
export function digitBatch(split: MnistSplit, offset: number, n: number, { pool = false } = {}): Batch {
  const inputs = pool ? 196 : 784;
  const x = new Float32Array(n * inputs);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = (offset + i) % split.count;
    labels[i] = split.labels[k];
    const image = split.images.subarray(k * 784, (k + 1) * 784);
    if (!pool) for (let p = 0; p < 784; p++) x[i * 784 + p] = image[p] / 255;
    else
      for (let r = 0; r < 14; r++)
        for (let c = 0; c < 14; c++) {
          const at = 2 * r * 28 + 2 * c;
          x[i * 196 + r * 14 + c] = (image[at] + image[at + 1] + image[at + 28] + image[at + 29]) / (4 * 255);
        }
  }
  return { x, labels, n, inputs };
}
