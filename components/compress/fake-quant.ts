// Fake quantisation for quantisation-aware training (5.3.1): the forward pass uses the
// quantised-and-dequantised weight x̂ = s(q − z), the same values quantize.ts produces, so
// the network learns with the rounding it will meet; round() has zero gradient almost
// everywhere, so the backward pass pretends the whole operation was the identity
// (the straight-through estimator): ∂L/∂x := ∂L/∂x̂.
import * as tf from "@book/tf";
import { integerRange, type QuantSpec } from "./quantize.js";

/** x̂ with the straight-through gradient; per-channel means per index of the last axis. */
export function fakeQuant(x: tf.Tensor, spec: QuantSpec): tf.Tensor {
  const [lo, hi] = integerRange(spec);
  const quantiseRoundTrip = tf.customGrad(((input: tf.Tensor) => {
    const value = tf.tidy(() => {
      const axes = spec.granularity === "per-channel" ? input.shape.slice(0, -1).map((_, i) => i) : undefined;
      let scale: tf.Tensor;
      let zero: tf.Tensor;
      if (spec.scheme === "symmetric") {
        scale = input.abs().max(axes).div(hi);
        zero = tf.scalar(0);
      } else {
        const min = input.min(axes).minimum(0);
        const max = input.max(axes).maximum(0);
        scale = max.sub(min).div(hi - lo);
        const safe = tf.where(scale.greater(0), scale, tf.onesLike(scale));
        zero = min.neg().div(safe).round().clipByValue(lo, hi);
      }
      scale = tf.where(scale.greater(0), scale, tf.onesLike(scale));
      const q = input.div(scale).round().add(zero).clipByValue(lo, hi);
      return q.sub(zero).mul(scale);
    });
    return { value, gradFunc: (dy: tf.Tensor) => [dy] };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return quantiseRoundTrip(x);
}
