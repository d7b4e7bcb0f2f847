// Binary cross-entropy from logits (第4章 4.1), reduced like tf.losses.sigmoidCrossEntropy's
// default: the mean over every element.
import * as tf from "@book/tf";

/**
 * −[y log σ(z) + (1−y) log(1−σ(z))], rewritten as max(z,0) − z·y + log(1 + e^{−|z|}) so that
 * exp only sees non-positive arguments: finite for logits of ±1e4.
 */
export function binaryCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const perElement = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log(tf.add(1, tf.exp(tf.neg(tf.abs(logits))))));
    return tf.mean(perElement) as tf.Scalar;
  });
}
