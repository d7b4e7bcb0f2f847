// A long-range memory task (3.3.2): sequences of T random symbols; the label is the FIRST
// symbol, so the model must carry it across T − 1 steps of noise. A plain RNN fails as T
// grows (its gradient to step 1 vanishes); an LSTM keeps it in its cell state.
import * as tf from "@book/tf";
import { seededRandom } from "./synthetic.js";

export interface MemoryTask {
  x: tf.Tensor3D; // [n, T, symbols], one-hot
  y: tf.Tensor2D; // [n, symbols], one-hot of the first symbol
  dispose(): void;
}

export function rememberFirst(length: number, count: number, { symbols = 4, seed = 1 } = {}): MemoryTask {
  const random = seededRandom(seed);
  const ids = Int32Array.from({ length: count * length }, () => Math.floor(random() * symbols));
  const first = Int32Array.from({ length: count }, (_, i) => ids[i * length]);
  const x = tf.tidy(() => tf.oneHot(tf.tensor2d(ids, [count, length], "int32"), symbols).toFloat() as tf.Tensor3D);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(first, "int32"), symbols).toFloat() as tf.Tensor2D);
  return { x, y, dispose: () => tf.dispose([x, y]) };
}
