// LoRA (Hu et al. 2021) on the book's CNN (5.4 节): the base network stays frozen; each
// adapted dense layer gets a low-rank update ΔW = (α/r)·A·B, with A [in, r] random and
// B [r, out] zero, so at the start the adapted network computes exactly what the base does.
// Only A, B (and, for a new task, a new output head) are trained.
// tfjs's dense kernel is [in, out] (y = x·W + b), so the update is written A·B, not B·A.
import * as tf from "@book/tf";
import { trainSteps, type BatchProgress, type FitHistory } from "../train/loop.js";
import { accuracy } from "../train/classification.js";
import { FinetuneInputError } from "./digit-task.js";
import { checkLearningRate } from "./transfer.js";

/** Trainable parameters of one rank-r adapter on an m×n weight: A is m×r, B is r×n. */
export function loraParamCount(m: number, n: number, r: number): number {
  return r * (m + n);
}

/** Throws a FinetuneInputError unless 1 ≤ r ≤ min(m, n) and r is a whole number. */
export function checkRank(r: number, m: number, n: number): void {
  const max = Math.min(m, n);
  if (!Number.isInteger(r) || r < 1 || r > max) throw new FinetuneInputError(`秩 r 必须是 1 到 ${max}（= min(${m}, ${n})）之间的整数，现在是 ${r}。`);
}

export interface LoraAdapter {
  a: tf.Variable; // [in, r]
  b: tf.Variable; // [r, out]
  scale: number; // α / r
}

/** A rank-r adapter for a kernel of shape [m, n]; A ~ N(0, 1/m) seeded, B = 0. */
export function createAdapter(m: number, n: number, r: number, { alpha = r, seed = 1 } = {}): LoraAdapter {
  checkRank(r, m, n);
  return {
    a: tf.tidy(() => tf.variable(tf.randomNormal([m, r], 0, 1 / Math.sqrt(m), "float32", seed))),
    b: tf.tidy(() => tf.variable(tf.zeros([r, n]))),
    scale: alpha / r
  };
}

export interface LoraOptions {
  rank: number;
  /** The dense layers that get adapters (their names in the base model). */
  layers: readonly string[];
  /** Train a new output layer with this many classes (a new task), or keep the base's head (null). */
  newHeadClasses?: number | null;
  /** The base's output layer (softmax over its classes). */
  head?: string;
  alpha?: number;
  seed?: number;
}

/** A view of a frozen base CNN with LoRA adapters on its dense layers. It reads the base's
 * weights but never writes them, and does not own them: dispose() frees only what it made.
 * Input: the flattened convolutional features (see features()), since the convolutions are
 * frozen and need to run only once per example. */
export class LoraModel {
  readonly adapters = new Map<string, LoraAdapter>();
  readonly head: { kernel: tf.Tensor2D; bias: tf.Tensor1D; trainable: tf.Variable[] };
  private readonly bodyEnd: tf.LayersModel;

  constructor(private readonly base: tf.LayersModel, options: LoraOptions) {
    const { rank, layers, newHeadClasses = null, head = base.layers[base.layers.length - 1].name, alpha, seed = 1 } = options;
    if (!layers.length) throw new FinetuneInputError("至少要给一个全连接层加适配器。");
    layers.forEach((name, i) => {
      const [m, n] = base.getLayer(name).getWeights()[0].shape;
      this.adapters.set(name, createAdapter(m, n, rank, { alpha, seed: seed + i }));
    });
    const [baseKernel, baseBias] = base.getLayer(head).getWeights() as [tf.Tensor2D, tf.Tensor1D];
    if (newHeadClasses === null) this.head = { kernel: baseKernel, bias: baseBias, trainable: [] };
    else {
      const fanIn = baseKernel.shape[0];
      const kernel = tf.tidy(() => tf.variable(tf.randomNormal([fanIn, newHeadClasses], 0, Math.sqrt(2 / (fanIn + newHeadClasses)), "float32", seed + 97))) as tf.Variable<tf.Rank.R2>;
      const bias = tf.tidy(() => tf.variable(tf.zeros([newHeadClasses]))) as tf.Variable<tf.Rank.R1>;
      this.head = { kernel, bias, trainable: [kernel, bias] };
    }
    this.denseNames = base.layers.filter((l) => l.getClassName() === "Dense" && l.name !== head).map((l) => l.name);
    const firstDense = base.getLayer(this.denseNames[0]);
    this.bodyEnd = tf.model({ inputs: base.inputs, outputs: firstDense.input as tf.SymbolicTensor });
  }

  private readonly denseNames: string[];

  /** The frozen convolutional part's output for x (run it once, train on the result). */
  features(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.bodyEnd.predict(x) as tf.Tensor2D);
  }

  /** Share of the examples (features f, true classes) the adapted network gets right. */
  async accuracy(f: tf.Tensor2D, classes: ArrayLike<number>): Promise<number> {
    const predicted = tf.tidy(() => this.logits(f).argMax(1));
    const values = await predicted.data();
    predicted.dispose();
    return accuracy(classes, values);
  }

  /** Logits of the adapted network for features f [n, d]. */
  logits(f: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = f;
      for (const name of this.denseNames) {
        const [kernel, bias] = this.base.getLayer(name).getWeights();
        // The same fused kernel a tfjs dense layer uses, so B = 0 rounds exactly as the base does.
        let z = tf.fused.matMul({ a: h, b: kernel as tf.Tensor2D, bias }) as tf.Tensor2D;
        const adapter = this.adapters.get(name);
        if (adapter) z = z.add(h.matMul(adapter.a).matMul(adapter.b).mul(adapter.scale)) as tf.Tensor2D;
        h = tf.relu(z) as tf.Tensor2D;
      }
      return tf.fused.matMul({ a: h, b: this.head.kernel, bias: this.head.bias }) as tf.Tensor2D;
    });
  }

  /** Class probabilities (the base's softmax output when B = 0 and the head is kept). */
  predict(f: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.softmax(this.logits(f)));
  }

  /** What the optimiser updates: every A and B, and a new head if there is one. */
  get trainable(): tf.Variable[] {
    return [...[...this.adapters.values()].flatMap((a) => [a.a, a.b]), ...this.head.trainable];
  }

  get trainableCount(): number {
    return this.trainable.reduce((sum, v) => sum + v.size, 0);
  }

  /** Trains the adapters (and new head) with Adam on features f and one-hot labels y. */
  async train(f: tf.Tensor2D, y: tf.Tensor2D, { lr, batchSize, epochs, seed = 1, signal, onBatchEnd }: { lr: number; batchSize: number; epochs: number; seed?: number; signal?: AbortSignal; onBatchEnd?(p: BatchProgress): void }): Promise<FitHistory> {
    checkLearningRate(lr);
    const optimizer = tf.train.adam(lr);
    const step = async (fb: tf.Tensor, yb: tf.Tensor) => {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, this.logits(fb as tf.Tensor2D)) as tf.Scalar, true, this.trainable) as tf.Scalar;
      const value = (await loss.data())[0];
      loss.dispose();
      return { loss: value };
    };
    try {
      return await trainSteps(f, y, step, { epochs, batchSize, seed, signal, onBatchEnd });
    } finally {
      optimizer.dispose();
    }
  }

  /** Frees the adapters and the new head, never the base's weights (bodyEnd is a view of
   * the base's layers: disposing it would free them, so it is left alone; it holds no tensors). */
  dispose(): void {
    tf.dispose(this.trainable);
    this.adapters.clear();
  }
}
