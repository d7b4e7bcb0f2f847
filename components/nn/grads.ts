// Gradients of a loss with respect to a list of variables, in the list's order: what both the
// optimisers (components/optim/) and the per-layer probes (components/init/) start from.
import * as tf from "@book/tf";

/** The loss and its gradients with respect to params, in the same order (the caller disposes all). */
export function lossAndGrads(params: readonly tf.Variable[], loss: () => tf.Scalar): { loss: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(loss, [...params]);
  return { loss: value, grads: params.map((p) => grads[p.name]) };
}
