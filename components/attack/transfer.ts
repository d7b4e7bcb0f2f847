// Transfer attacks (第6章 6.4 节): an attacker who cannot see the book's CNN trains a model of
// their own (here a one-hidden-layer MLP on other digits), crafts adversarial examples on it with
// FGSM or PGD, and sends them to the CNN. The share of digits the CNN got right before and gets
// wrong after is the transfer success rate. This is an attack (a black-box one), not a defence.
import * as tf from "@book/tf";
import type { Logits } from "../explain/attributions.js";
import { seededRandom } from "../data/synthetic.js";
import { breathe } from "../compress/breathe.js";
import { minimizeStep } from "../util/minimize-step.js";
import { attackBatch, type AttackName } from "./robust-accuracy.js";
import { attackSettingsError } from "./pgd.js";

export interface Mlp {
  logits: Logits;
  parameters: number;
  dispose(): void;
}

/** A 784 → hidden → 10 ReLU network (He initialisation, seeded), trained with Adam on x, labels. */
export async function trainMlp(x: tf.Tensor4D, labels: tf.Tensor1D, { hidden = 128, steps = 300, batchSize = 64, learningRate = 1e-3, seed = 2, onStep, signal }: { hidden?: number; steps?: number; batchSize?: number; learningRate?: number; seed?: number; onStep?: (step: number, loss: number) => void; signal?: AbortSignal } = {}): Promise<Mlp> {
  // A variable keeps its own handle on the initial values: dispose the tensor it was made from.
  const variableOf = (initial: tf.Tensor) => {
    const v = tf.variable(initial);
    initial.dispose();
    return v;
  };
  const heNormal = (shape: [number, number], s: number) => variableOf(tf.randomNormal(shape, 0, Math.sqrt(2 / shape[0]), "float32", s));
  const [w1, b1, w2, b2] = [heNormal([784, hidden], seed), variableOf(tf.zeros([hidden])), heNormal([hidden, 10], seed + 1), variableOf(tf.zeros([10]))];
  const variables = [w1, b1, w2, b2];
  const logits: Logits = (input) => tf.tidy(() => tf.relu(input.reshape([input.shape[0], 784]).matMul(w1).add(b1)).matMul(w2).add(b2) as tf.Tensor2D);
  const optimizer = tf.train.adam(learningRate);
  const random = seededRandom(seed);
  const n = x.shape[0];
  try {
    for (let step = 0; step < steps && !signal?.aborted; ++step) {
      const picked = tf.tensor1d(Array.from({ length: batchSize }, () => Math.floor(random() * n)), "int32");
      const [xb, yb] = [tf.gather(x, picked) as tf.Tensor4D, tf.gather(labels, picked) as tf.Tensor1D];
      const { loss } = await minimizeStep(optimizer, variables, () => {
        const z = logits(xb);
        return { loss: tf.losses.softmaxCrossEntropy(tf.oneHot(yb.toInt(), 10), z) as tf.Scalar, accuracy: z.argMax(1).equal(yb.toInt()).mean() as tf.Scalar };
      });
      tf.dispose([picked, xb, yb]);
      onStep?.(step + 1, loss);
      await breathe(); // a timer turn now and then: the notebook's loop guard listens to a timer heartbeat
    }
  } finally {
    optimizer.dispose();
  }
  return { logits, parameters: 784 * hidden + hidden + hidden * 10 + 10, dispose: () => tf.dispose(variables) };
}

/** 1 where the model's top class is the label, per image. */
async function hits(logits: Logits, x: tf.Tensor4D, labels: tf.Tensor1D): Promise<Uint8Array> {
  const right = tf.tidy(() => logits(x).argMax(1).equal(labels.toInt()));
  const values = Uint8Array.from(await right.data());
  right.dispose();
  return values;
}

export interface TransferPoint {
  epsilon: number;
  /** Accuracy of the model the examples were crafted on (white-box for it). */
  sourceAccuracy: number;
  /** Accuracy of the other model on the same examples. */
  targetAccuracy: number;
  /** Of the digits the target got right unperturbed, the share it now gets wrong. */
  transferRate: number;
}

/** Crafts `attack` on `source` at each ε and measures both models on the result. */
export async function transferAttack(source: Logits, target: Logits, x: tf.Tensor4D, labels: tf.Tensor1D, epsilons: number[], { attack = "pgd" as AttackName, steps = 10, batchSize = 100, signal }: { attack?: AttackName; steps?: number; batchSize?: number; signal?: AbortSignal } = {}): Promise<TransferPoint[]> {
  for (const epsilon of epsilons) {
    const error = attackSettingsError({ epsilon, steps });
    if (error) throw new RangeError(error);
  }
  const n = x.shape[0];
  const cleanTarget = await hits(target, x, labels);
  const cleanRight = cleanTarget.reduce((a, b) => a + b, 0);
  const points: TransferPoint[] = [];
  for (const epsilon of epsilons) {
    let [sourceRight, targetRight, flipped] = [0, 0, 0];
    for (let start = 0; start < n; start += batchSize) {
      if (signal?.aborted) throw new DOMException("已停止", "AbortError");
      const size = Math.min(batchSize, n - start);
      const xb = x.slice([start, 0, 0, 0], [size, -1, -1, -1]);
      const yb = labels.slice([start], [size]);
      const adversarial = attackBatch(attack, source, xb, yb, epsilon, steps);
      const [s, t] = [await hits(source, adversarial, yb), await hits(target, adversarial, yb)];
      tf.dispose([xb, yb, adversarial]);
      for (let i = 0; i < size; ++i) {
        sourceRight += s[i];
        targetRight += t[i];
        if (cleanTarget[start + i] && !t[i]) flipped += 1;
      }
      await breathe();
    }
    points.push({ epsilon, sourceAccuracy: sourceRight / n, targetAccuracy: targetRight / n, transferRate: cleanRight ? flipped / cleanRight : 0 });
  }
  return points;
}
