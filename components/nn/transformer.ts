// A small Transformer encoder (3.5) built from the book's attention (attention.ts) with
// tf.variables, so every weight, residual and LayerNorm is visible: token embedding +
// sinusoidal positions → L encoder blocks (blocks.ts: self-attention → add & LayerNorm →
// position-wise feed-forward → add & LayerNorm, post-LN as in "Attention Is All You
// Need") → a linear read-out per position. forward() returns the attention weights of
// every layer and head for drawing. trainStep() computes the same loss and gradients
// through fused kernels with a hand-written backward pass where the backend has them
// (cpu, wasm and webgpu: transformer-step.ts), in ~50 kernels instead of ~640 a step.
import * as tf from "@book/tf";
import { param } from "./params.js";
import { positionalEncoding } from "./attention.js";
import { blockTensors, encoderBlock, glorotParam, initBlock, type EncoderBlockWeights } from "./blocks.js";
import { minimizeStep } from "../util/minimize-step.js";
import { fusedLoss, fusedStepAvailable, type StepOptions } from "./transformer-step.js";

export interface TransformerConfig {
  vocab: number;
  length: number;
  d: number;
  heads: number;
  layers: number;
  ffn: number;
  seed?: number;
}

export interface ForwardOptions {
  causal?: boolean;
  /** [b, T]: 1 for tokens, 0 for padding (never attended to). */
  padding?: tf.Tensor2D;
  /** Per layer, [heads] of 0/1: switch heads off. */
  headMasks?: (tf.Tensor1D | undefined)[];
}

export class TinyTransformer {
  readonly config: Required<TransformerConfig>;
  readonly embedding: tf.Variable;
  readonly positions: tf.Tensor2D;
  readonly blocks: EncoderBlockWeights[];
  readonly readout: [tf.Variable, tf.Variable];
  get heads(): number {
    return this.config.heads;
  }

  constructor(config: TransformerConfig) {
    this.config = { seed: 1, ...config };
    const { vocab, length, d, layers, ffn } = this.config;
    let seed = this.config.seed;
    const nextSeed = () => seed++;
    // N(0, 1/d), scaled by √d in forward(): unit-size token vectors next to the positions.
    this.embedding = param(() => tf.randomNormal([vocab, d], 0, 1 / Math.sqrt(d), "float32", nextSeed()));
    this.positions = positionalEncoding(length, d);
    this.blocks = Array.from({ length: layers }, () => initBlock(d, ffn, nextSeed));
    this.readout = [glorotParam(d, vocab, nextSeed()), param(() => tf.zeros([vocab]))];
  }

  get variables(): tf.Variable[] {
    return [this.embedding, ...(this.blocks.flatMap(blockTensors) as tf.Variable[]), ...this.readout];
  }

  countParams(): number {
    return this.variables.reduce((sum, v) => sum + v.size, 0);
  }

  /** ids [b, T] → logits [b, T, vocab] and attention weights per layer [b, heads, T, T]. */
  forward(ids: tf.Tensor2D, { causal = false, padding, headMasks = [] }: ForwardOptions = {}): { logits: tf.Tensor3D; attentions: tf.Tensor4D[] } {
    return tf.tidy(() => {
      const { d, heads } = this.config;
      const [b, t] = ids.shape;
      // Embeddings scaled by √d as in the paper, so they are not drowned by the positions.
      let x = tf.gather(this.embedding, ids).mul(Math.sqrt(d)).add(this.positions.slice([0, 0], [t, d])) as tf.Tensor3D;
      const attentions: tf.Tensor4D[] = [];
      this.blocks.forEach((block, layer) => {
        const encoded = encoderBlock(x, block, heads, { causal, padding, headMask: headMasks[layer] });
        attentions.push(encoded.weights);
        x = encoded.output;
      });
      const logits = tf.matMul(x.reshape([b * t, d]), this.readout[0]).add(this.readout[1]).reshape([b, t, this.config.vocab]) as tf.Tensor3D;
      return { logits, attentions };
    });
  }

  /** Token-level cross-entropy of forward()'s logits and token accuracy, in the book's plain
   * ops. With `weights` [b, T] only positions of weight ≠ 0 count (the masked tokens of 3.6). */
  loss(ids: tf.Tensor2D, targets: tf.Tensor2D, { weights, padding }: StepOptions = {}): { loss: tf.Scalar; accuracy: tf.Scalar } {
    const { logits } = this.forward(ids, { padding });
    const correct = tf.equal(logits.argMax(-1), targets).toFloat();
    return {
      loss: tf.losses.softmaxCrossEntropy(tf.oneHot(targets, this.config.vocab), logits, weights) as tf.Scalar,
      accuracy: (weights ? correct.mul(weights).sum().div(weights.sum().maximum(1)) : correct.mean()) as tf.Scalar
    };
  }

  /** One optimiser step on loss(); returns loss and token accuracy. On cpu, wasm and webgpu the same
   * loss and gradients come from fused kernels with a hand-written backward pass
   * (transformer-step.ts): ~50 kernels for forward and backward instead of ~640. */
  async trainStep(optimizer: tf.Optimizer, ids: tf.Tensor2D, targets: tf.Tensor2D, options: StepOptions = {}): Promise<{ loss: number; accuracy: number }> {
    if (!fusedStepAvailable()) return minimizeStep(optimizer, this.variables, () => this.loss(ids, targets, options));
    const kept: tf.Tensor[] = [];
    try {
      return await minimizeStep(optimizer, this.variables, () => fusedLoss(this, ids, targets, options, kept));
    } finally {
      tf.dispose(kept);
    }
  }

  dispose(): void {
    tf.dispose([...this.variables, this.positions]);
  }
}
