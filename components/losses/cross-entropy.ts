// Softmax cross-entropy from logits (第4章 4.1), reduced like tf.losses.softmaxCrossEntropy's
// default: summed over classes, averaged over examples.
import * as tf from "@book/tf";
import { logSoftmax, naiveLogSoftmax } from "./log-softmax.js";

/** −(1/B) Σ_b Σ_k y_bk log softmax(z_b)_k, through the stable log-sum-exp. */
export function softmaxCrossEntropy(onehotLabels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(onehotLabels, logSoftmax(logits)), -1))) as tf.Scalar);
}

/** The same loss through log(softmax) written naively: NaN once a logit reaches ~89 (exp overflows float32). */
export function naiveSoftmaxCrossEntropy(onehotLabels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(onehotLabels, naiveLogSoftmax(logits)), -1))) as tf.Scalar);
}
