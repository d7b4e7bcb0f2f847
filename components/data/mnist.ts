// Real MNIST digits for the chapters (3.2 and later): load the book's file and turn a
// split into tensors. Used with fit(): `const {x, y} = mnistTensors(data.train)`.
import * as tf from "@book/tf";
import { decodeMnist, type MnistData, type MnistSplit } from "./mnist-format.js";

export type { MnistData, MnistSplit } from "./mnist-format.js";

/** Reads the file (a FileAttachment, a fetch Response or the bytes themselves). */
export async function loadMnist(source: { arrayBuffer(): Promise<ArrayBuffer> } | ArrayBuffer | Uint8Array): Promise<MnistData> {
  const bytes = source instanceof ArrayBuffer || source instanceof Uint8Array ? source : await source.arrayBuffer();
  return decodeMnist(bytes);
}

export interface MnistTensors {
  x: tf.Tensor4D; // [n, 28, 28, 1], values in [0, 1]
  y: tf.Tensor2D; // [n, 10], one-hot
  labels: Uint8Array;
  dispose(): void;
}

/** `limit` digits starting at `offset` as tensors (NHWC, as tf.layers.conv2d expects). */
export function mnistTensors(split: MnistSplit, { offset = 0, limit = split.count } = {}, rows = 28, cols = 28): MnistTensors {
  const end = Math.min(split.count, offset + limit);
  const n = Math.max(0, end - offset);
  const labels = split.labels.slice(offset, end);
  const pixels = split.images.subarray(offset * rows * cols, end * rows * cols);
  const x = tf.tidy(() => tf.tensor4d(pixels, [n, rows, cols, 1], "int32").toFloat().div(255) as tf.Tensor4D);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), 10).toFloat() as tf.Tensor2D);
  return { x, y, labels, dispose: () => tf.dispose([x, y]) };
}

/** One digit as a 28×28 grid of numbers in [0, 1], for drawing. */
export function digitGrid(split: MnistSplit, index: number, rows = 28, cols = 28): number[][] {
  const start = index * rows * cols;
  return Array.from({ length: rows }, (_, r) => Array.from(split.images.subarray(start + r * cols, start + (r + 1) * cols), (v) => v / 255));
}
