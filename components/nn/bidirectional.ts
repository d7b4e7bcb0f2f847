// 3.3's bidirectional RNN from the book's own cells (rnn-cells.ts): one RNN reads the
// sequence left to right, a second one (its own weights) right to left; at each position
// the two hidden states are concatenated, so every output sees the whole sequence.
// Same as tf.layers.bidirectional({layer, mergeMode: "concat"}) with returnSequences, whose
// getWeights() lists the forward layer's weights, then the backward layer's.
import * as tf from "@book/tf";
import { runCell, type CellKind, type RnnWeights } from "./rnn-cells.js";

/** x [batch, T, in] → [batch, T, 2u]: [→h_t ; ←h_t] (tensors: call in tf.tidy). */
export function runBidirectional(kind: CellKind, forward: RnnWeights, backward: RnnWeights, x: tf.Tensor3D): tf.Tensor3D {
  const ahead = tf.stack(runCell(kind, forward, x).map((s) => s.h), 1);
  // Read the reversed sequence, then put its states back in the original order.
  const behind = tf.reverse(tf.stack(runCell(kind, backward, tf.reverse(x, 1)).map((s) => s.h), 1), 1);
  return tf.concat([ahead, behind], 2) as tf.Tensor3D;
}

/** The two directions' weights of a tf.layers.bidirectional layer (copies). */
export function bidirectionalWeights(layer: tf.layers.Layer): { forward: RnnWeights; backward: RnnWeights } {
  const w = layer.getWeights().map((t) => t.clone());
  const pack = ([kernel, recurrentKernel, bias]: tf.Tensor[]): RnnWeights => ({ kernel: kernel as tf.Tensor2D, recurrentKernel: recurrentKernel as tf.Tensor2D, bias: bias as tf.Tensor1D });
  return { forward: pack(w.slice(0, 3)), backward: pack(w.slice(3, 6)) };
}
