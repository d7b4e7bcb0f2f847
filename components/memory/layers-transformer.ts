// An independent check of 5.2's parameter formula: the same Transformer shape built from
// tf.layers (embedding, dense, layerNormalization, dot), whose model.countParams() tfjs
// computes from the weights it actually created. One attention head stands for all of them:
// splitting d into heads reshapes Q, K and V but adds no weight. Supports what tf.layers has:
// LayerNorm, an MLP feed-forward and an untied output layer.
import * as tf from "@book/tf";
import type { TransformerShape } from "./transformer-memory.js";

export function buildLayersTransformer(s: TransformerShape, length = Math.min(s.maxLength, 4)): tf.LayersModel {
  if (s.norm !== "layernorm" || s.feedForward !== "mlp" || s.tiedEmbeddings) throw new Error("tf.layers 版只支持 LayerNorm、普通前馈网络和不共享的输出层");
  const d = s.dModel;
  const ids = tf.input({ shape: [length], dtype: "int32", name: "ids" });
  const inputs = [ids];
  let x = tf.layers.embedding({ inputDim: s.vocab, outputDim: d }).apply(ids) as tf.SymbolicTensor;
  if (s.positions === "learned") {
    const positions = tf.input({ shape: [length], dtype: "int32", name: "positions" });
    inputs.push(positions);
    x = tf.layers.add().apply([x, tf.layers.embedding({ inputDim: s.maxLength, outputDim: d }).apply(positions) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  }
  const dense = (units: number, input: tf.SymbolicTensor, useBias = true, activation?: "relu") => tf.layers.dense({ units, useBias, activation }).apply(input) as tf.SymbolicTensor;
  const norm = (input: tf.SymbolicTensor) => tf.layers.layerNormalization().apply(input) as tf.SymbolicTensor;
  const add = (a: tf.SymbolicTensor, b: tf.SymbolicTensor) => tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
  for (let layer = 0; layer < s.layers; layer++) {
    const [q, k, v] = [0, 1, 2].map(() => dense(d, x, s.attentionBias));
    const scores = tf.layers.dot({ axes: 2 }).apply([q, k]) as tf.SymbolicTensor;
    const weights = tf.layers.activation({ activation: "softmax" }).apply(scores) as tf.SymbolicTensor;
    const context = tf.layers.dot({ axes: [2, 1] }).apply([weights, v]) as tf.SymbolicTensor;
    const h = norm(add(x, dense(d, context, s.attentionBias)));
    x = norm(add(h, dense(d, dense(s.ffn, h, true, "relu"))));
  }
  if (s.finalNorm) x = norm(x);
  const logits = dense(s.vocab, x, s.outputBias);
  return tf.model({ inputs, outputs: logits });
}
