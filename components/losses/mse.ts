// Mean squared error (第4章 4.1), reduced like tf.losses.meanSquaredError's default:
// the mean over every element.
import * as tf from "@book/tf";

/** (1/N) Σ (y − ŷ)² over all N elements. */
export function meanSquaredError(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(predictions, labels))) as tf.Scalar);
}
