// tfjs has no float16 or bfloat16 tensors (every float tensor is float32), so 5.2 simulates a
// 16-bit format: each value is rounded to the nearest value the format has, and stays in a
// float32. The rounding is written with tf ops so it runs inside tf.variableGrads on every
// backend; it matches the bit-level encodeFloat() exactly (tests/precision/tensor-rounding).
//   e   = ⌊log₂|x|⌋ (corrected by comparing with 2^e from a table), clamped below at e_min (subnormals)
//   ulp = 2^(e − mantissa bits);   x̂ = ulp · roundHalfEven(x / ulp);   |x̂| > max → ±∞
import * as tf from "@book/tf";
import { bias, maxFinite, minExponent, type FloatFormat } from "./float-formats.js";

export type Precision = "fp32" | "fp16" | "bf16";

/** x rounded to the format, element by element (float32 in, float32 out). */
export function roundTensor(x: tf.Tensor, f: FloatFormat): tf.Tensor {
  return tf.tidy(() => {
    const [low, high] = [minExponent(f), bias(f) + 1];
    // Powers of two come from a table of exact values: tf.pow(2, e) need not be exact on every backend.
    const first = low - f.mantissaBits - 1;
    const table = tf.tensor1d(Array.from({ length: high + 2 - first }, (_, k) => 2 ** (first + k)));
    const twoTo = (e: tf.Tensor) => tf.gather(table, tf.cast(tf.sub(e, first), "int32"));
    const a = tf.abs(x);
    // log is not exact near powers of two: move e by one where 2^e overshoots or undershoots.
    let e = tf.clipByValue(tf.floor(tf.div(tf.log(a), Math.LN2)), low - 1, high);
    const p = twoTo(e);
    e = tf.where(tf.less(a, p), tf.sub(e, 1), tf.where(tf.greaterEqual(a, tf.mul(p, 2)), tf.add(e, 1), e));
    e = tf.clipByValue(e, low, high); // below e_min the spacing stays 2^(e_min − mantissa): subnormals
    const ulp = twoTo(tf.sub(e, f.mantissaBits));
    const rounded = tf.mul(roundHalfEven(tf.div(x, ulp)), ulp);
    const overflowed = tf.where(tf.greater(tf.abs(rounded), maxFinite(f)), tf.mul(tf.sign(x), Infinity), rounded);
    return tf.where(tf.isInf(x), x, overflowed);
  });
}

/** Round to the nearest integer, halves to the even one (not every backend's tf.round does). */
function roundHalfEven(v: tf.Tensor): tf.Tensor {
  const low = tf.floor(v);
  const fraction = tf.sub(v, low);
  const lowIsOdd = tf.equal(tf.sub(low, tf.mul(tf.floor(tf.div(low, 2)), 2)), 1);
  const up = tf.logicalOr(tf.greater(fraction, 0.5), tf.logicalAnd(tf.equal(fraction, 0.5), lowIsOdd));
  return tf.where(up, tf.add(low, 1), low);
}

/** A cast to a 16-bit format as mixed-precision training has it: the forward value is rounded,
 * and so is the gradient that flows back through the cast (it is a 16-bit tensor too). */
export function castOp(f: FloatFormat | null): (x: tf.Tensor) => tf.Tensor {
  if (!f) return (x) => x;
  return elementwiseOp(
    (x) => roundTensor(x, f),
    (dy) => roundTensor(dy, f)
  );
}

/** An op of one tensor whose gradient is given directly: backward(dy) instead of the chain rule. */
export function elementwiseOp(forward: (x: tf.Tensor) => tf.Tensor, backward: (dy: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({ value: forward(args[0] as tf.Tensor), gradFunc: (dy: tf.Tensor) => backward(dy) }));
  return (x) => op(x);
}
