// Multi-head attention exactly as PyTorch's nn.MultiheadAttention computes it (3.5), so a
// reader can move weights between the two. With E = embed_dim, h = num_heads, d_h = E / h:
//   [W_q; W_k; W_v] = in_proj_weight [3E, E],  [b_q; b_k; b_v] = in_proj_bias [3E]
//   Q = query W_qᵀ + b_q,  K = key W_kᵀ + b_k,  V = value W_vᵀ + b_v      (nn.Linear: x Wᵀ + b)
//   head_i = softmax(Q_i K_iᵀ / √d_h + mask) V_i                         (attention.ts)
//   output = Concat(head_1 … head_h) W_oᵀ + b_o,  W_o = out_proj.weight, b_o = out_proj.bias
// The book's multiHeadAttention (attention.ts) is the same without biases and with the
// matrices stored transposed: wq = W_qᵀ etc. PyTorch returns the weights averaged over heads
// (average_attn_weights=True); so does this function, next to the per-head weights.
import * as tf from "@book/tf";
import { mergeHeads, scaledDotProductAttention, splitHeads } from "./attention.js";

export interface TorchMhaWeights {
  /** [3E, E]: rows 0..E−1 for queries, E..2E−1 for keys, 2E..3E−1 for values. */
  inProjWeight: tf.Tensor2D;
  inProjBias: tf.Tensor1D;
  outProjWeight: tf.Tensor2D;
  outProjBias: tf.Tensor1D;
}

export interface TorchMhaOptions {
  /** PyTorch's attn_mask as a boolean: position t may not see positions after t. */
  causal?: boolean;
  /** [b, T_k]: 1 for tokens, 0 for padding (PyTorch's key_padding_mask is the opposite: True = padding). */
  keyPadding?: tf.Tensor2D;
}

/** nn.Linear on the last axis: x [b, T, in] · Wᵀ + b with W [out, in]. */
function linear(x: tf.Tensor3D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor3D {
  const [b, t, e] = x.shape;
  return tf.matMul(x.reshape([b * t, e]), weight, false, true).add(bias).reshape([b, t, weight.shape[0]]) as tf.Tensor3D;
}

/** query [b, T_q, E], key and value [b, T_k, E] (batch_first=True) → output [b, T_q, E],
 * weights averaged over heads [b, T_q, T_k] and per head [b, h, T_q, T_k]. */
export function torchMultiheadAttention(query: tf.Tensor3D, key: tf.Tensor3D, value: tf.Tensor3D, w: TorchMhaWeights, heads: number, { causal = false, keyPadding }: TorchMhaOptions = {}): { output: tf.Tensor3D; weights: tf.Tensor3D; headWeights: tf.Tensor4D } {
  return tf.tidy(() => {
    const e = query.shape[2];
    const [wq, wk, wv] = tf.split(w.inProjWeight, 3, 0) as tf.Tensor2D[];
    const [bq, bk, bv] = tf.split(w.inProjBias, 3, 0) as tf.Tensor1D[];
    if (e % heads !== 0) throw new Error(`embed_dim ${e} 不能被 num_heads ${heads} 整除`);
    const attended = scaledDotProductAttention(splitHeads(linear(query, wq, bq), heads), splitHeads(linear(key, wk, bk), heads), splitHeads(linear(value, wv, bv), heads), { causal, padding: keyPadding });
    return {
      output: linear(mergeHeads(attended.output), w.outProjWeight, w.outProjBias),
      weights: attended.weights.mean(1) as tf.Tensor3D,
      headWeights: attended.weights
    };
  });
}
