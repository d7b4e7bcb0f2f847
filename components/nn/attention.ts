// Attention as in 3.4–3.5, in plain tfjs ops so it trains with tf.grads and returns its
// weights for drawing:
//   scaled dot-product attention  softmax(Q Kᵀ / √d_k + M) V,
//   multi-head attention (h heads of d/h dimensions, projections W_Q, W_K, W_V, W_O),
//   sinusoidal positional encoding PE(pos, 2i) = sin(pos / 10000^{2i/d}), PE(pos, 2i+1) = cos(…).
// Masks: a padding mask [batch, T_k] (1 = a real token) and/or causal (position t sees ≤ t).
// Masked scores get −1e9 before the softmax, so their weights are exactly 0 in float32.
import * as tf from "@book/tf";

export interface AttentionOptions {
  /** [batch, T_k]: 1 for tokens, 0 for padding. */
  padding?: tf.Tensor2D;
  /** Position t may not attend to positions after t (decoders, GPT). */
  causal?: boolean;
  /** Divide the scores by √d_k (default true; 3.5 shows what happens without). */
  scale?: boolean;
  /** [heads] of 0/1: a switched-off head contributes zeros (the multi-head view). */
  headMask?: tf.Tensor1D;
}

const NEG = -1e9;

/** The additive mask [batch or 1, 1 or heads, T_q, T_k] (0 allowed, −1e9 blocked), or null. */
function additiveMask(tq: number, tk: number, { padding, causal }: AttentionOptions): tf.Tensor | null {
  let mask: tf.Tensor | null = null;
  if (padding) mask = tf.sub(1, padding.toFloat()).mul(NEG).reshape([padding.shape[0], 1, 1, tk]);
  if (causal) {
    const allowed = tf.linalg.bandPart(tf.ones([tq, tk]), -1, 0); // lower triangle incl. diagonal
    const blocked = tf.sub(1, allowed).mul(NEG).reshape([1, 1, tq, tk]);
    mask = mask ? mask.add(blocked) : blocked;
  }
  return mask;
}

/** q [b, h, T_q, d], k [b, h, T_k, d], v [b, h, T_k, d_v] → output [b, h, T_q, d_v] and weights [b, h, T_q, T_k]. */
export function scaledDotProductAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, options: AttentionOptions = {}): { output: tf.Tensor4D; weights: tf.Tensor4D } {
  return tf.tidy(() => {
    const d = q.shape[3];
    let scores = tf.matMul(q, k, false, true);
    if (options.scale !== false) scores = scores.div(Math.sqrt(d));
    const mask = additiveMask(q.shape[2], k.shape[2], options);
    if (mask) scores = scores.add(mask);
    const weights = tf.softmax(scores) as tf.Tensor4D;
    return { output: tf.matMul(weights, v) as tf.Tensor4D, weights };
  });
}

export interface MhaWeights {
  wq: tf.Tensor2D;
  wk: tf.Tensor2D;
  wv: tf.Tensor2D;
  wo: tf.Tensor2D;
}

/** [b, T, d] → [b, heads, T, d/heads] */
export function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [b, t, d] = x.shape;
  return x.reshape([b, t, heads, d / heads]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
}

/** [b, heads, T, d_h] → [b, T, heads·d_h] */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [b, h, t, dh] = x.shape;
  return x.transpose([0, 2, 1, 3]).reshape([b, t, h * dh]) as tf.Tensor3D;
}

/** Multi-head attention of queries x [b, T_q, d] over memory [b, T_k, d] (self-attention: memory = x). */
export function multiHeadAttention(x: tf.Tensor3D, memory: tf.Tensor3D, w: MhaWeights, heads: number, options: AttentionOptions = {}): { output: tf.Tensor3D; weights: tf.Tensor4D } {
  return tf.tidy(() => {
    const project = (t: tf.Tensor3D, m: tf.Tensor2D) => tf.matMul(t.reshape([-1, t.shape[2]]), m).reshape([t.shape[0], t.shape[1], m.shape[1]]) as tf.Tensor3D;
    const q = splitHeads(project(x, w.wq), heads);
    const k = splitHeads(project(memory, w.wk), heads);
    const v = splitHeads(project(memory, w.wv), heads);
    const attended = scaledDotProductAttention(q, k, v, options);
    let perHead = attended.output;
    if (options.headMask) perHead = perHead.mul(options.headMask.reshape([1, heads, 1, 1])) as tf.Tensor4D;
    return { output: project(mergeHeads(perHead), w.wo), weights: attended.weights };
  });
}

/** The sinusoidal positional encoding [length, d] (d even). */
export function positionalEncoding(length: number, d: number): tf.Tensor2D {
  const values = new Float32Array(length * d);
  for (let pos = 0; pos < length; pos++)
    for (let i = 0; 2 * i < d; i++) {
      const angle = pos / Math.pow(10000, (2 * i) / d);
      values[pos * d + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < d) values[pos * d + 2 * i + 1] = Math.cos(angle);
    }
  return tf.tensor2d(values, [length, d]);
}
