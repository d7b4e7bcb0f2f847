// The three scoring functions of 3.4, batched in tfjs ops (so tf.grads trains through
// them), and the step they share: mask → softmax → weighted average.
//   dot product         a(q, k) = qᵀk
//   scaled dot product  a(q, k) = qᵀk / √d
//   additive (Bahdanau) a(q, k) = vᵀ tanh(W_q q + W_k k)   (q and k may differ in size)
// Shapes: q [b, T_q, d_q], k [b, T_k, d_k], v [b, T_k, d_v]; scores [b, T_q, T_k].
// scoring-loop.ts is the same thing one number at a time; tests check one against the other.
import * as tf from "@book/tf";

export interface AdditiveWeights {
  /** [d_q, a] */
  wq: tf.Tensor2D;
  /** [d_k, a] */
  wk: tf.Tensor2D;
  /** [a] */
  v: tf.Tensor1D;
}

export type ScoringKind = "dot" | "scaled-dot" | "additive";

export function dotScores(q: tf.Tensor3D, k: tf.Tensor3D): tf.Tensor3D {
  return tf.matMul(q, k, false, true);
}

export function scaledDotScores(q: tf.Tensor3D, k: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => dotScores(q, k).div(Math.sqrt(q.shape[2])));
}

/** [b, T, d] · [d, a] → [b, T, a] */
export function project(x: tf.Tensor3D, w: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => x.reshape([-1, x.shape[2]]).matMul(w).reshape([x.shape[0], x.shape[1], w.shape[1]]));
}

/** Additive scores from already projected queries qp = q W_q [b, T_q, a] and keys
 * kp = k W_k [b, T_k, a]: a decoder projects its keys once and reuses them every step. */
export function additiveScoresProjected(qp: tf.Tensor3D, kp: tf.Tensor3D, v: tf.Tensor1D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, tq, a] = qp.shape;
    const tk = kp.shape[1];
    // Every (query, key) pair: [b, T_q, 1, a] + [b, 1, T_k, a] → [b, T_q, T_k, a]
    const hidden = tf.tanh(qp.reshape([b, tq, 1, a]).add(kp.reshape([b, 1, tk, a])));
    return hidden.reshape([-1, a]).matMul(v.reshape([a, 1])).reshape([b, tq, tk]);
  });
}

export function additiveScores(q: tf.Tensor3D, k: tf.Tensor3D, w: AdditiveWeights): tf.Tensor3D {
  return tf.tidy(() => additiveScoresProjected(project(q, w.wq), project(k, w.wk), w.v));
}

export function scores(kind: ScoringKind, q: tf.Tensor3D, k: tf.Tensor3D, w?: AdditiveWeights): tf.Tensor3D {
  if (kind === "dot") return dotScores(q, k);
  if (kind === "scaled-dot") return scaledDotScores(q, k);
  if (!w) throw new Error("加性注意力需要权重 W_q、W_k 和 v");
  return additiveScores(q, k, w);
}

/** softmax over the keys (masked keys get −1e9 first, so weight exactly 0), then the
 * weighted average of the values. mask [b, T_k]: 1 = a real position, 0 = padding. */
export function attend(scores: tf.Tensor3D, values: tf.Tensor3D, mask?: tf.Tensor2D): { context: tf.Tensor3D; weights: tf.Tensor3D } {
  return tf.tidy(() => {
    const [b, , tk] = scores.shape;
    const masked = mask ? scores.add(tf.sub(1, mask.toFloat()).mul(-1e9).reshape([b, 1, tk])) : scores;
    const weights = tf.softmax(masked) as tf.Tensor3D;
    return { context: tf.matMul(weights, values), weights };
  });
}
