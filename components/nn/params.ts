// A trainable parameter from an initial value, without leaking that value: tf.variable()
// keeps its own reference to the data, so the initialiser's tensor is disposed (tidy never
// disposes variables).
import * as tf from "@book/tf";

export function param(initial: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(initial()));
}
