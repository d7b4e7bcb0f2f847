// Huber loss (第4章 4.1), reduced like tf.losses.huberLoss's default (delta 1, mean over
// every element): squared near zero, linear beyond delta, so outliers pull less than in MSE.
import * as tf from "@book/tf";

/** ½e² for |e| ≤ δ, δ(|e| − ½δ) beyond, with e = ŷ − y; averaged over all elements. */
export function huberLoss(labels: tf.Tensor, predictions: tf.Tensor, delta = 1): tf.Scalar {
  if (!(delta > 0)) throw new Error(`Huber 损失的 δ 必须是正数，收到 ${delta}`);
  return tf.tidy(() => {
    const error = tf.abs(tf.sub(predictions, labels));
    const quadratic = tf.minimum(error, delta);
    const linear = tf.sub(error, quadratic);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, linear))) as tf.Scalar;
  });
}
