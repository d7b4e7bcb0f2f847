// 3.5's Transformer loss with a hand-written backward pass, for training where the fused
// kernels are registered: cpu and wasm (components/backend/fused-transformer.ts), webgpu
// (the same kernels in WGSL, components/backend/fused-transformer-webgpu*.ts).
// The same model and formulas as TinyTransformer.forward + tf.losses.softmaxCrossEntropy
// (tests/nn/transformer-step.test.ts checks loss and every gradient against them), but:
//   - every dense layer is one 2-D matmul on [B·T, d] rows, Q, K, V one matmul on the
//     weights side by side [W_Q | W_K | W_V];
//   - attention, add & LayerNorm, bias + ReLU, embedding and the loss are one kernel each,
//     forward and backward (autodiff of the plain ops made ~640 kernels a step, most of
//     them tiny: the engine's overhead per kernel, not arithmetic, set the speed);
//   - what the backward pass needs is kept from the forward pass (tf.keep into `kept`,
//     which the caller disposes after the step) instead of saved by copy.
import * as tf from "@book/tf";
import type { EncoderBlockWeights } from "./blocks.js";

export const FUSED_STEP_KERNELS = ["BookEmbed", "BookEmbedGrad", "BookAttention", "BookAttentionGrad", "BookAddLayerNorm", "BookLayerNormGrad", "BookBiasRelu", "BookReluGrad", "BookSoftmaxXent"];

/** Whether the current backend has every kernel this path needs (cpu, wasm, webgpu; not webgl). */
export function fusedStepAvailable(): boolean {
  const backend = tf.getBackend();
  return FUSED_STEP_KERNELS.every((name) => tf.getKernel(name, backend) !== undefined);
}

export interface StepModel {
  embedding: tf.Tensor;
  positions: tf.Tensor;
  blocks: EncoderBlockWeights[];
  readout: [tf.Tensor, tf.Tensor];
  heads: number;
}

export interface StepOptions {
  /** [b, T]: per-position loss weights (only positions of weight ≠ 0 count). */
  weights?: tf.Tensor2D;
  /** [b, T]: 1 for tokens, 0 for padding (never attended to). */
  padding?: tf.Tensor2D;
}

const EPSILON = 1e-5; // as layerNorm in blocks.ts

function kernel(name: string, inputs: Record<string, tf.Tensor | undefined>, attrs: Record<string, number | boolean> = {}): tf.Tensor[] {
  const given: tf.NamedTensorMap = {};
  for (const [key, t] of Object.entries(inputs)) if (t) given[key] = t;
  const out = tf.engine().runKernel(name, given, attrs);
  return Array.isArray(out) ? out : [out];
}

/** A block's weights in the order of blockTensors() (and of the gradients returned). */
function blockParams(w: EncoderBlockWeights): tf.Tensor[] {
  const { wq, wk, wv, wo } = w.attention;
  return [wq, wk, wv, wo, ...w.norm1, ...w.ffn, ...w.norm2];
}

interface LayerSaved {
  x: tf.Tensor;
  wqkv: tf.Tensor;
  qkv: tf.Tensor;
  ctx: tf.Tensor;
  weights: tf.Tensor;
  xhat1: tf.Tensor;
  rstd1: tf.Tensor;
  h: tf.Tensor;
  hidden: tf.Tensor;
  xhat2: tf.Tensor;
  rstd2: tf.Tensor;
}

/** Token-level cross-entropy (mean, or over weighted positions) and accuracy of ids → targets.
 * Tensors the backward pass needs are pushed to `kept`: dispose them after the gradients. */
export function fusedLoss(model: StepModel, ids: tf.Tensor2D, targets: tf.Tensor2D, { weights, padding }: StepOptions, kept: tf.Tensor[]): { loss: tf.Scalar; accuracy: tf.Scalar } {
  const { embedding, positions, blocks, readout, heads } = model;
  const [wr, br] = readout;
  const [batch, length] = ids.shape;
  if (length > positions.shape[0]) throw new Error(`sequence length ${length} > the model's ${positions.shape[0]}`);
  const [vocab, d] = embedding.shape;
  const scale = Math.sqrt(d);
  const attention = { batch, heads, causal: false, scale: true };
  const keep = (t: tf.Tensor) => (kept.push(tf.keep(t)), t);
  let accuracy: tf.Scalar | undefined;

  const lossOf = tf.customGrad((...args: unknown[]) => {
    void args; // the same tensors as the closure's; passed so the tape links the loss to them
    const saved: LayerSaved[] = [];
    let x = keep(kernel("BookEmbed", { table: embedding, ids, positions }, { scale })[0]);
    for (const w of blocks) {
      const [w1, b1, w2, b2] = w.ffn;
      const wqkv = keep(tf.concat([w.attention.wq, w.attention.wk, w.attention.wv], 1));
      const qkv = keep(tf.matMul(x, wqkv));
      const [ctx, att] = kernel("BookAttention", { qkv, padding }, attention).map(keep);
      const [h, xhat1, rstd1] = kernel("BookAddLayerNorm", { a: x, b: tf.matMul(ctx, w.attention.wo), gamma: w.norm1[0], beta: w.norm1[1] }, { epsilon: EPSILON }).map(keep);
      const hidden = keep(kernel("BookBiasRelu", { x: tf.matMul(h, w1), bias: b1 })[0]);
      const [y, xhat2, rstd2] = kernel("BookAddLayerNorm", { a: h, b: tf.matMul(hidden, w2), bias: b2, gamma: w.norm2[0], beta: w.norm2[1] }, { epsilon: EPSILON }).map(keep);
      saved.push({ x, wqkv, qkv, ctx, weights: att, xhat1, rstd1, h, hidden, xhat2, rstd2 });
      x = y;
    }
    const [loss, acc, dlogits] = kernel("BookSoftmaxXent", { logits: tf.matMul(x, wr), bias: br, targets, weights });
    accuracy = tf.keep(acc) as tf.Scalar;
    keep(dlogits);
    const top = x;

    const gradFunc = (dy: tf.Tensor) => {
      const g = dlogits.mul(dy);
      const head = [tf.matMul(top, g, true, false), g.sum(0)];
      // The gradient reaching a block's output, as two parts the next kernel adds itself.
      let up: [tf.Tensor, tf.Tensor | undefined] = [tf.matMul(g, wr, false, true), undefined];
      const grads: tf.Tensor[][] = [];
      for (let l = blocks.length - 1; l >= 0; l--) {
        const [w, s] = [blocks[l], saved[l]];
        const [w1, , w2] = w.ffn;
        const [dS2, dg2, dbe2, db2] = kernel("BookLayerNormGrad", { dy: up[0], extra: up[1], xhat: s.xhat2, rstd: s.rstd2, gamma: w.norm2[0] });
        const dw2 = tf.matMul(s.hidden, dS2, true, false);
        const [dPre, db1] = kernel("BookReluGrad", { dy: tf.matMul(dS2, w2, false, true), y: s.hidden });
        const dw1 = tf.matMul(s.h, dPre, true, false);
        const [dS1, dg1, dbe1] = kernel("BookLayerNormGrad", { dy: tf.matMul(dPre, w1, false, true), extra: dS2, xhat: s.xhat1, rstd: s.rstd1, gamma: w.norm1[0] });
        const dwo = tf.matMul(s.ctx, dS1, true, false);
        const [dqkv] = kernel("BookAttentionGrad", { dctx: tf.matMul(dS1, w.attention.wo, false, true), qkv: s.qkv, weights: s.weights }, attention);
        const [dwq, dwk, dwv] = tf.split(tf.matMul(s.x, dqkv, true, false), 3, 1);
        up = [tf.matMul(dqkv, s.wqkv, false, true), dS1];
        grads[l] = [dwq, dwk, dwv, dwo, dg1, dbe1, dw1, db1, dw2, db2, dg2, dbe2];
      }
      const [dEmbedding] = kernel("BookEmbedGrad", { dy: up[0], extra: up[1], ids }, { vocab, scale });
      return [dEmbedding, ...grads.flat(), ...head];
    };
    return { value: loss as tf.Scalar, gradFunc };
  });
  const loss = lossOf(embedding, ...blocks.flatMap(blockParams), wr, br) as tf.Scalar;
  return { loss, accuracy: accuracy! };
}
