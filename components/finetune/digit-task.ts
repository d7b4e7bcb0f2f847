// A classification task on a subset of the MNIST digits (5.4 节): "digits 0–4" for the base
// network, "digits 5–9 with 200 labels" for the transfer task. Class k of the task is the
// k-th digit of the list, so both tasks have five outputs and the same network shape.
import * as tf from "@book/tf";
import type { MnistSplit } from "../data/mnist.js";
import { seededRandom } from "../data/synthetic.js";

/** A reader's input the experiment cannot run with; the message is for the page. */
export class FinetuneInputError extends Error {
  override name = "FinetuneInputError";
}

export interface DigitTask {
  x: tf.Tensor4D; // [n, 28, 28, 1] in [0, 1]
  y: tf.Tensor2D; // [n, classes] one-hot
  /** Class of each example (an index into `digits`). */
  classes: Uint8Array;
  digits: readonly number[];
  dispose(): void;
}

/** Indices of the examples whose digit is in `digits`, in a seeded shuffled order. */
export function taskIndices(split: MnistSplit, digits: readonly number[], seed = 1): number[] {
  const wanted = new Set(digits);
  const indices = [...split.labels.keys()].filter((i) => wanted.has(split.labels[i]));
  const random = seededRandom(seed);
  for (let i = indices.length - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices;
}

/** How many examples of `digits` the split has. */
export function availableExamples(split: MnistSplit, digits: readonly number[]): number {
  const wanted = new Set(digits);
  return split.labels.reduce((n, label) => n + (wanted.has(label) ? 1 : 0), 0);
}

/** Throws a FinetuneInputError unless `labels` is a whole number between 1 and `available`. */
export function checkLabelCount(labels: number, available: number): void {
  if (!Number.isInteger(labels) || labels <= 0) throw new FinetuneInputError(`标注样本数必须是正整数，现在是 ${labels}。`);
  if (labels > available) throw new FinetuneInputError(`标注样本数 ${labels} 超过了可用的 ${available} 张（这几个数字在训练集里只有这么多）。`);
}

/** `count` examples of `digits` (after skipping `skip`), in a seeded order, as tensors. */
export function digitTask(split: MnistSplit, digits: readonly number[], { count, skip = 0, seed = 1 }: { count?: number; skip?: number; seed?: number } = {}): DigitTask {
  if (!digits.length || new Set(digits).size !== digits.length || digits.some((d) => !Number.isInteger(d) || d < 0 || d > 9)) {
    throw new FinetuneInputError(`数字列表必须是 0–9 之间互不相同的整数，现在是 [${digits.join(", ")}]。`);
  }
  const all = taskIndices(split, digits, seed);
  const n = count ?? all.length - skip;
  checkLabelCount(n, all.length - skip);
  const chosen = all.slice(skip, skip + n);
  const size = split.images.length / split.count;
  const pixels = new Uint8Array(n * size);
  chosen.forEach((index, row) => pixels.set(split.images.subarray(index * size, (index + 1) * size), row * size));
  const classes = Uint8Array.from(chosen, (index) => digits.indexOf(split.labels[index]));
  const side = Math.round(Math.sqrt(size));
  const x = tf.tidy(() => tf.tensor4d(pixels, [n, side, side, 1], "int32").toFloat().div(255) as tf.Tensor4D);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(classes, "int32"), digits.length).toFloat() as tf.Tensor2D);
  return { x, y, classes, digits, dispose: () => tf.dispose([x, y]) };
}
