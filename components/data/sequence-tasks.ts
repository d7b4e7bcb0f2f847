// Toy sequence tasks with a known correct alignment, for watching attention learn (3.5):
// reversing a sequence of digits, where output position i must look at input T − 1 − i.
import * as tf from "@book/tf";
import { seededRandom } from "./synthetic.js";

export interface SequenceTask {
  x: tf.Tensor2D; // [n, T] int32 digits
  y: tf.Tensor2D; // [n, T] int32 targets
  /** The input position output position i should attend to. */
  alignment: (i: number, length: number) => number;
  dispose(): void;
}

export function reverseTask(count: number, length: number, { digits = 10, seed = 1 } = {}): SequenceTask {
  const random = seededRandom(seed);
  const xs = Int32Array.from({ length: count * length }, () => Math.floor(random() * digits));
  const ys = new Int32Array(count * length);
  for (let n = 0; n < count; n++) for (let i = 0; i < length; i++) ys[n * length + i] = xs[n * length + length - 1 - i];
  const x = tf.tensor2d(xs, [count, length], "int32");
  const y = tf.tensor2d(ys, [count, length], "int32");
  return { x, y, alignment: (i, t) => t - 1 - i, dispose: () => tf.dispose([x, y]) };
}

/** For attention weights [b, heads, T, T] (as nested arrays or flat values), the share of
 * (example, query) pairs whose most-attended key is the expected one, per head. */
export function alignmentByHead(weights: ArrayLike<number>, [b, heads, t]: [number, number, number], alignment: (i: number, length: number) => number): number[] {
  return Array.from({ length: heads }, (_, h) => {
    let hits = 0;
    for (let n = 0; n < b; n++)
      for (let i = 0; i < t; i++) {
        const base = ((n * heads + h) * t + i) * t;
        let best = 0;
        for (let j = 1; j < t; j++) if (weights[base + j] > weights[base + best]) best = j;
        if (best === alignment(i, t)) hits++;
      }
    return hits / (b * t);
  });
}
