// Language-model training pairs (3.6): windows of T characters of the token stream as inputs,
// the same windows moved one character on as targets, so every position learns to predict
// the next character from everything before it in the window.
import * as tf from "@book/tf";

/** Windows starting every `stride` characters: inputs [n, T] and targets [n, T], int32. */
export function lmWindows(ids: ArrayLike<number>, length: number, stride = length): { inputs: tf.Tensor2D; targets: tf.Tensor2D } {
  const starts: number[] = [];
  for (let s = 0; s + length + 1 <= ids.length; s += stride) starts.push(s);
  if (!starts.length) throw new RangeError(`文本只有 ${ids.length} 个字符，不够一个长 ${length + 1} 的窗口`);
  const inputs = new Int32Array(starts.length * length);
  const targets = new Int32Array(starts.length * length);
  starts.forEach((s, row) => {
    for (let j = 0; j < length; j++) {
      inputs[row * length + j] = ids[s + j];
      targets[row * length + j] = ids[s + j + 1];
    }
  });
  return { inputs: tf.tensor2d(inputs, [starts.length, length], "int32"), targets: tf.tensor2d(targets, [starts.length, length], "int32") };
}
