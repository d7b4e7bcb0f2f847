// Inverted dropout from the formula (第4章 4.5), with tf.layers.dropout's semantics:
//   training:  y = x ⊙ m / (1 − p),  m_i = ⌊(1 − p) + u_i⌋,  u_i ~ U[0, 1)  (m_i = 1 with probability 1 − p)
//   inference: y = x.
// Dividing by 1 − p while training keeps E[y] = x, so inference needs no rescaling. Built
// from the same seeded uniform draw as tf.dropout, so with equal seeds the two agree exactly.
import * as tf from "@book/tf";

export function checkDropRate(rate: number): void {
  if (!(rate >= 0 && rate < 1)) throw new Error(`丢弃概率 p 必须在 [0, 1) 之内，收到 ${rate}`);
}

export function dropout(x: tf.Tensor, rate: number, training: boolean, seed?: number): tf.Tensor {
  checkDropRate(rate);
  if (!training || rate === 0) return x.clone();
  return tf.tidy(() => {
    const keep = 1 - rate;
    const mask = tf.floor(tf.add(tf.randomUniform(x.shape, 0, 1, "float32", seed), keep));
    return tf.mul(x, tf.div(mask, keep));
  });
}
