// A small GPT (3.6): token + learned position embeddings → L decoder-only blocks (block.ts,
// pre-LN by default) → final LayerNorm (pre-LN only) → linear read-out to the next character.
// Trained on next-character cross-entropy; forward() can continue from a KV cache so that
// generation computes one new position per step instead of the whole sequence again.
// Differences from GPT-2, on purpose: ReLU instead of GELU in the feed-forward (the book's
// feedForward), no dropout, no weight tying, and a few hundred thousand parameters.
import * as tf from "@book/tf";
import { param } from "../nn/params.js";
import { blockTensors, glorotParam, initBlock, layerNorm, type EncoderBlockWeights } from "../nn/blocks.js";
import { minimizeStep } from "../util/minimize-step.js";
import { decoderOnlyBlock, type LayerCache, type NormPlacement } from "./block.js";

export interface GptConfig {
  vocab: number;
  /** The longest sequence the model reads (its learned position table has this many rows). */
  context: number;
  d: number;
  heads: number;
  layers: number;
  ffn: number;
  norm?: NormPlacement;
  seed?: number;
}

export type GptOutput = {
  logits: tf.Tensor3D;
  /** Per layer [b, heads, T_new, T_total]. */
  attentions: tf.Tensor4D[];
  /** Per layer keys and values of every position so far: the cache for the next call. */
  presents: LayerCache[];
};

export class Gpt {
  readonly config: Required<GptConfig>;
  readonly embedding: tf.Variable;
  readonly positions: tf.Variable;
  readonly blocks: EncoderBlockWeights[];
  readonly finalNorm: [tf.Variable, tf.Variable];
  readonly readout: [tf.Variable, tf.Variable];

  constructor(config: GptConfig) {
    this.config = { norm: "pre", seed: 1, ...config };
    const { vocab, context, d, layers, ffn } = this.config;
    let seed = this.config.seed;
    const nextSeed = () => seed++;
    this.embedding = param(() => tf.randomNormal([vocab, d], 0, 0.02, "float32", nextSeed()));
    this.positions = param(() => tf.randomNormal([context, d], 0, 0.02, "float32", nextSeed()));
    this.blocks = Array.from({ length: layers }, () => initBlock(d, ffn, nextSeed));
    this.finalNorm = [param(() => tf.ones([d])), param(() => tf.zeros([d]))];
    this.readout = [glorotParam(d, vocab, nextSeed()), param(() => tf.zeros([vocab]))];
  }

  get variables(): tf.Variable[] {
    const norm = this.config.norm === "pre" ? this.finalNorm : [];
    return [this.embedding, this.positions, ...(this.blocks.flatMap(blockTensors) as tf.Variable[]), ...norm, ...this.readout];
  }

  countParams(): number {
    return this.variables.reduce((sum, v) => sum + v.size, 0);
  }

  /** ids [b, T] → next-character logits [b, T, vocab]. With `past` (from an earlier call's
   * presents) ids are the new positions after those already in the cache. */
  forward(ids: tf.Tensor2D, past?: LayerCache[]): GptOutput {
    return tf.tidy(() => {
      const { d, vocab, context } = this.config;
      const [b, t] = ids.shape;
      const start = past ? past[0].k.shape[2] : 0;
      if (start + t > context) throw new Error(`序列长 ${start + t}，超过了模型的上下文 ${context}`);
      let x = tf.gather(this.embedding, ids).add(this.positions.slice([start, 0], [t, d])) as tf.Tensor3D;
      const attentions: tf.Tensor4D[] = [];
      const presents: LayerCache[] = [];
      this.blocks.forEach((block, layer) => {
        const out = decoderOnlyBlock(x, block, this.config.heads, this.config.norm, past?.[layer]);
        attentions.push(out.weights);
        presents.push(out.present);
        x = out.output;
      });
      if (this.config.norm === "pre") x = layerNorm(x, ...this.finalNorm) as tf.Tensor3D;
      const logits = tf.matMul(x.reshape([b * t, d]), this.readout[0]).add(this.readout[1]).reshape([b, t, vocab]) as tf.Tensor3D;
      return { logits, attentions, presents };
    });
  }

  /** Mean cross-entropy of predicting targets [b, T] (the inputs shifted by one); call inside a tidy. */
  loss(ids: tf.Tensor2D, targets: tf.Tensor2D): { loss: tf.Scalar; accuracy: tf.Scalar } {
    const { logits } = this.forward(ids);
    return {
      loss: tf.losses.softmaxCrossEntropy(tf.oneHot(targets, this.config.vocab), logits) as tf.Scalar,
      accuracy: tf.equal(logits.argMax(-1), targets).toFloat().mean() as tf.Scalar
    };
  }

  trainStep(optimizer: tf.Optimizer, ids: tf.Tensor2D, targets: tf.Tensor2D): Promise<{ loss: number; accuracy: number }> {
    return minimizeStep(optimizer, this.variables, () => this.loss(ids, targets));
  }

  dispose(): void {
    tf.dispose([...this.variables, ...(this.config.norm === "pre" ? [] : this.finalNorm)]);
  }
}

export function disposeCache(cache: LayerCache[] | undefined): void {
  if (cache) tf.dispose(cache.flatMap((c) => [c.k, c.v]));
}
