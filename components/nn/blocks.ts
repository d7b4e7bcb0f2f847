// The two Transformer blocks of 3.5, post-LN as in "Attention Is All You Need":
//   encoder: x → self-attention → add & LayerNorm → feed-forward → add & LayerNorm
//   decoder: y → causal self-attention → add & LayerNorm
//              → cross-attention (queries from y, keys and values from the encoder's output)
//              → add & LayerNorm → feed-forward → add & LayerNorm
// Both return their attention weights for drawing. TinyTransformer (transformer.ts) stacks
// encoder blocks; the decoder block is what an encoder-decoder model (translation, T5) adds.
import * as tf from "@book/tf";
import { multiHeadAttention, type MhaWeights } from "./attention.js";
import { param } from "./params.js";

export type Norm = [gamma: tf.Tensor1D, beta: tf.Tensor1D];
export type FeedForward = [w1: tf.Tensor2D, b1: tf.Tensor1D, w2: tf.Tensor2D, b2: tf.Tensor1D];

export interface EncoderBlockWeights {
  attention: MhaWeights;
  norm1: Norm;
  ffn: FeedForward;
  norm2: Norm;
}

export interface DecoderBlockWeights extends EncoderBlockWeights {
  cross: MhaWeights;
  normCross: Norm;
}

/** LayerNorm over the last axis: γ ⊙ (x − μ) / √(σ² + ε) + β. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).div(variance.add(epsilon).sqrt()).mul(gamma).add(beta);
  });
}

/** Position-wise feed-forward: max(0, x W₁ + b₁) W₂ + b₂, the same weights at every position. */
export function feedForward(x: tf.Tensor3D, [w1, b1, w2, b2]: FeedForward): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, t, d] = x.shape;
    const hidden = tf.relu(tf.matMul(x.reshape([b * t, d]), w1).add(b1));
    return tf.matMul(hidden, w2).add(b2).reshape([b, t, w2.shape[1]]) as tf.Tensor3D;
  });
}

export interface BlockOptions {
  /** [b, T]: 1 for tokens, 0 for padding. */
  padding?: tf.Tensor2D;
  causal?: boolean;
  headMask?: tf.Tensor1D;
}

/** x [b, T, d] → output [b, T, d] and self-attention weights [b, heads, T, T]. */
export function encoderBlock(x: tf.Tensor3D, w: EncoderBlockWeights, heads: number, options: BlockOptions = {}): { output: tf.Tensor3D; weights: tf.Tensor4D } {
  return tf.tidy(() => {
    const attended = multiHeadAttention(x, x, w.attention, heads, options);
    const h = layerNorm(x.add(attended.output), ...w.norm1) as tf.Tensor3D;
    return { output: layerNorm(h.add(feedForward(h, w.ffn)), ...w.norm2) as tf.Tensor3D, weights: attended.weights };
  });
}

/** y [b, T, d] (the target so far), memory [b, S, d] (the encoder's output) → output [b, T, d],
 * causal self-attention weights [b, heads, T, T] and cross-attention weights [b, heads, T, S]. */
export function decoderBlock(
  y: tf.Tensor3D,
  memory: tf.Tensor3D,
  w: DecoderBlockWeights,
  heads: number,
  { padding, memoryPadding }: { padding?: tf.Tensor2D; memoryPadding?: tf.Tensor2D } = {}
): { output: tf.Tensor3D; selfWeights: tf.Tensor4D; crossWeights: tf.Tensor4D } {
  return tf.tidy(() => {
    const self = multiHeadAttention(y, y, w.attention, heads, { causal: true, padding });
    const h1 = layerNorm(y.add(self.output), ...w.norm1) as tf.Tensor3D;
    const cross = multiHeadAttention(h1, memory, w.cross, heads, { padding: memoryPadding });
    const h2 = layerNorm(h1.add(cross.output), ...w.normCross) as tf.Tensor3D;
    return { output: layerNorm(h2.add(feedForward(h2, w.ffn)), ...w.norm2) as tf.Tensor3D, selfWeights: self.weights, crossWeights: cross.weights };
  });
}

/** Glorot-uniform [rows, cols] variable; the model hands out the seeds so its weights are reproducible. */
export function glorotParam(rows: number, cols: number, seed: number): tf.Variable<tf.Rank.R2> {
  const limit = Math.sqrt(6 / (rows + cols));
  return param(() => tf.randomUniform([rows, cols], -limit, limit, "float32", seed)) as tf.Variable<tf.Rank.R2>;
}

/** Trainable weights for one block: Glorot-uniform matrices, γ = 1, β = 0, biases 0. */
export function initBlock(d: number, ffn: number, nextSeed: () => number): EncoderBlockWeights;
export function initBlock(d: number, ffn: number, nextSeed: () => number, decoder: true): DecoderBlockWeights;
export function initBlock(d: number, ffn: number, nextSeed: () => number, decoder = false): EncoderBlockWeights | DecoderBlockWeights {
  const glorot = (rows: number, cols: number) => glorotParam(rows, cols, nextSeed());
  const norm = (): Norm => [param(() => tf.ones([d])) as tf.Variable<tf.Rank.R1>, param(() => tf.zeros([d])) as tf.Variable<tf.Rank.R1>];
  const attention = (): MhaWeights => ({ wq: glorot(d, d), wk: glorot(d, d), wv: glorot(d, d), wo: glorot(d, d) });
  const block: EncoderBlockWeights = {
    attention: attention(),
    norm1: norm(),
    ffn: [glorot(d, ffn), param(() => tf.zeros([ffn])) as tf.Variable<tf.Rank.R1>, glorot(ffn, d), param(() => tf.zeros([d])) as tf.Variable<tf.Rank.R1>],
    norm2: norm()
  };
  return decoder ? { ...block, cross: attention(), normCross: norm() } : block;
}

/** Every tensor of a block, in a fixed order (for optimisers and dispose). */
export function blockTensors(w: EncoderBlockWeights | DecoderBlockWeights): tf.Tensor[] {
  const tensors: tf.Tensor[] = [...Object.values(w.attention), ...w.norm1, ...w.ffn, ...w.norm2];
  if ("cross" in w) tensors.push(...Object.values(w.cross), ...w.normCross);
  return tensors;
}
