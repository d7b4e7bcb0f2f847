// Gradient clipping by global norm (第4章 4.6; 3.3 uses it against exploding gradients):
// if ‖g‖ = √(Σ_i ‖g_i‖²) over all parameters exceeds c, every gradient is multiplied by
// c/‖g‖, so the direction is kept and only the length is capped.
import * as tf from "@book/tf";

export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** New, clipped gradients (the caller disposes them and the norm; the inputs are left alone). */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  if (!(maxNorm > 0 && Number.isFinite(maxNorm))) throw new Error(`裁剪阈值必须是正的有限数，收到 ${maxNorm}`);
  const norm = globalNorm(grads);
  const clipped = tf.tidy(() => {
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    return grads.map((g) => tf.mul(g, scale));
  });
  return { grads: clipped, norm };
}
