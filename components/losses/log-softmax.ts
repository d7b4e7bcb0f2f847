// Log-softmax two ways (第4章 4.1): the textbook log(exp(z)/Σexp(z)), which overflows for
// large logits, and the log-sum-exp form that subtracts the largest logit first.
import * as tf from "@book/tf";

/** log Σ_k exp(z_k) along the last axis, kept as a size-1 axis; stable because exp never sees a positive argument. */
export function logSumExp(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    // Any shift gives the same value; the largest logit keeps every exp argument ≤ 0.
    const shift = tf.max(logits, -1, true);
    return tf.add(shift, tf.log(tf.sum(tf.exp(tf.sub(logits, shift)), -1, true)));
  });
}

/** z_k − log Σ exp(z): finite for any finite logits. */
export function logSoftmax(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(logits, logSumExp(logits)));
}

/** The formula as written, log(exp(z) / Σ exp(z)): exp(1e4) is Infinity in float32, so it returns NaN and -Infinity. */
export function naiveLogSoftmax(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const e = tf.exp(logits);
    return tf.log(tf.div(e, tf.sum(e, -1, true)));
  });
}
