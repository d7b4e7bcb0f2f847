// One decoder-only block (3.6's GPT, and 3.5's pre-LN/post-LN comparison), built from the
// book's attention pieces (attention.ts, blocks.ts). Causal self-attention only, no cross-
// attention: position t sees positions ≤ t.
//   post-LN (original Transformer): h = LN(x + Attn(x));      out = LN(h + FFN(h))
//   pre-LN  (GPT-2 and later):      h = x + Attn(LN(x));      out = h + FFN(LN(h))
// Pre-LN leaves a clean residual path from input to output, which is why deep stacks train
// without warm-up (Xiong et al., 2020).
// The block also returns the keys and values it computed (`present`): passed back as `past`
// on the next call, they are the KV cache; only the new positions are then computed.
import * as tf from "@book/tf";
import { mergeHeads, scaledDotProductAttention, splitHeads } from "../nn/attention.js";
import { feedForward, layerNorm, type EncoderBlockWeights } from "../nn/blocks.js";

export type NormPlacement = "pre" | "post";

/** Keys and values of one layer for the positions seen so far: [b, heads, T, d/heads]. */
export type LayerCache = {
  k: tf.Tensor4D;
  v: tf.Tensor4D;
};

const project = (x: tf.Tensor3D, m: tf.Tensor2D) => tf.matMul(x.reshape([-1, x.shape[2]]), m).reshape([x.shape[0], x.shape[1], m.shape[1]]) as tf.Tensor3D;

/** Causal self-attention of x [b, T, d] that may continue a cache of earlier positions. With a
 * cache, x must be one new position (it may see everything before it, so no mask is needed). */
function causalSelfAttention(x: tf.Tensor3D, w: EncoderBlockWeights["attention"], heads: number, past?: LayerCache): { output: tf.Tensor3D; weights: tf.Tensor4D; present: LayerCache } {
  const q = splitHeads(project(x, w.wq), heads);
  let k = splitHeads(project(x, w.wk), heads);
  let v = splitHeads(project(x, w.wv), heads);
  if (past) {
    if (x.shape[1] !== 1) throw new Error("有缓存时每次只能输入一个新位置");
    k = tf.concat([past.k, k], 2);
    v = tf.concat([past.v, v], 2);
  }
  const attended = scaledDotProductAttention(q, k, v, { causal: !past });
  return { output: project(mergeHeads(attended.output), w.wo), weights: attended.weights, present: { k, v } };
}

/** x [b, T, d] → output [b, T, d], attention weights [b, heads, T, T_total] and this layer's cache. */
export function decoderOnlyBlock(x: tf.Tensor3D, w: EncoderBlockWeights, heads: number, norm: NormPlacement, past?: LayerCache): { output: tf.Tensor3D; weights: tf.Tensor4D; present: LayerCache } {
  return tf.tidy(() => {
    if (norm === "post") {
      const attended = causalSelfAttention(x, w.attention, heads, past);
      const h = layerNorm(x.add(attended.output), ...w.norm1) as tf.Tensor3D;
      return { ...attended, output: layerNorm(h.add(feedForward(h, w.ffn)), ...w.norm2) as tf.Tensor3D };
    }
    const attended = causalSelfAttention(layerNorm(x, ...w.norm1) as tf.Tensor3D, w.attention, heads, past);
    const h = x.add(attended.output) as tf.Tensor3D;
    return { ...attended, output: h.add(feedForward(layerNorm(h, ...w.norm2) as tf.Tensor3D, w.ffn)) as tf.Tensor3D };
  });
}
