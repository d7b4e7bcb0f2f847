// Attention pooling (3.4.4) as a text classifier: each word w_t becomes e_t (embedding) and a
// key k_t = tanh(W e_t); a learned query q scores every word, α = softmax(q·k_t / √d) over the
// real (unpadded) words, and the mail is c = Σ α_t e_t → P(spam) = σ(w·c + b). The "mean"
// variant replaces α by equal weights: a bag-of-words baseline with the same parameters.
// The softmax and the padding mask are the book's scaledDotProductAttention (attention.ts).
import * as tf from "@book/tf";
import { param } from "./params.js";
import { scaledDotProductAttention } from "./attention.js";
import { minimizeStep } from "../util/minimize-step.js";

export class AttentionPoolClassifier {
  readonly embedding: tf.Variable;
  readonly keyWeights: tf.Variable;
  readonly query: tf.Variable;
  readonly readout: [tf.Variable, tf.Variable];

  constructor(readonly vocabSize: number, readonly d = 32, readonly pooling: "attention" | "mean" = "attention", seed = 1) {
    this.embedding = param(() => tf.randomNormal([vocabSize, d], 0, 0.1, "float32", seed));
    this.keyWeights = param(() => tf.randomNormal([d, d], 0, 1 / Math.sqrt(d), "float32", seed + 1));
    this.query = param(() => tf.randomNormal([1, 1, 1, d], 0, 1, "float32", seed + 2));
    this.readout = [param(() => tf.randomNormal([d, 1], 0, 0.1, "float32", seed + 3)), param(() => tf.zeros([1]))];
  }

  get variables(): tf.Variable[] {
    return [this.embedding, this.keyWeights, this.query, ...this.readout];
  }

  /** ids [b, T] (0 = padding) → P(spam) [b] and the word weights α [b, T]. */
  forward(ids: tf.Tensor2D): { probability: tf.Tensor1D; weights: tf.Tensor2D } {
    return tf.tidy(() => {
      const [b, t] = ids.shape;
      const present = ids.notEqual(0).toFloat() as tf.Tensor2D;
      const e = tf.gather(this.embedding, ids) as tf.Tensor3D; // [b, T, d]
      let weights: tf.Tensor2D;
      if (this.pooling === "mean") weights = present.div(present.sum(1, true).maximum(1)) as tf.Tensor2D;
      else {
        const keys = tf.tanh(e.reshape([b * t, this.d]).matMul(this.keyWeights)).reshape([b, 1, t, this.d]) as tf.Tensor4D;
        const q = this.query.tile([b, 1, 1, 1]) as tf.Tensor4D;
        const values = e.reshape([b, 1, t, this.d]) as tf.Tensor4D;
        weights = scaledDotProductAttention(q, keys, values, { padding: present }).weights.reshape([b, t]) as tf.Tensor2D;
      }
      const pooled = tf.matMul(weights.expandDims(1), e).reshape([b, this.d]);
      const probability = tf.sigmoid(pooled.matMul(this.readout[0]).add(this.readout[1])).reshape([b]) as tf.Tensor1D;
      return { probability, weights };
    });
  }

  trainStep(optimizer: tf.Optimizer, ids: tf.Tensor2D, labels: tf.Tensor2D): Promise<{ loss: number; accuracy: number }> {
    return minimizeStep(optimizer, this.variables, () => {
      const { probability } = this.forward(ids);
      const truth = labels.reshape([-1]);
      return { loss: tf.losses.logLoss(truth, probability) as tf.Scalar, accuracy: tf.equal(probability.greater(0.5), truth.greater(0.5)).toFloat().mean() as tf.Scalar };
    });
  }

  async accuracy(ids: tf.Tensor2D, labels: tf.Tensor2D): Promise<number> {
    const correct = tf.tidy(() => tf.equal(this.forward(ids).probability.greater(0.5), labels.reshape([-1]).greater(0.5)).toFloat().mean());
    const value = (await correct.data())[0];
    correct.dispose();
    return value;
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
