// Weight penalties added to the loss (第4章 4.5):
//   L2:  (λ/2) Σ w²   gradient λw: every weight shrinks in proportion to its size;
//   L1:  λ Σ |w|      gradient λ·sign(w): every weight is pushed towards 0 by the same
//                     amount, so small ones reach 0 and stay near it (sparsity).
// Only weight matrices are penalised, as usual; biases are left free.
import * as tf from "@book/tf";

export function l2Penalty(weights: readonly tf.Tensor[], lambda: number): tf.Scalar {
  return tf.tidy(() => tf.mul(lambda / 2, tf.addN(weights.map((w) => tf.sum(tf.square(w))))) as tf.Scalar);
}

export function l1Penalty(weights: readonly tf.Tensor[], lambda: number): tf.Scalar {
  return tf.tidy(() => tf.mul(lambda, tf.addN(weights.map((w) => tf.sum(tf.abs(w))))) as tf.Scalar);
}
