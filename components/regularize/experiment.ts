// The over-fitting experiment of 第4章 4.5: a wide MLP on a few hundred MNIST digits, trained
// the same way except for one regulariser, with train/test accuracy after every epoch.
import * as tf from "@book/tf";
import { augmentDigits } from "../data/augment.js";
import { deepMlp } from "../init/deep-mlp.js";
import { momentum } from "../optim/momentum.js";
import { accuracyOf, trainClassifier } from "../optim/train-classifier.js";
import { softmaxCrossEntropy } from "../losses/cross-entropy.js";
import { earlyStopping } from "./early-stopping.js";
import { l1Penalty, l2Penalty } from "./penalties.js";

export type Regularizer = "none" | "l2" | "l1" | "dropout" | "early-stopping" | "augmentation";

export const REGULARIZERS: Record<Regularizer, string> = {
  none: "不正则化",
  l2: "L2（λ = 0.005）",
  l1: "L1（λ = 0.0001）",
  dropout: "Dropout（p = 0.5）",
  "early-stopping": "早停（耐心 5 轮）",
  augmentation: "数据增强（±2 像素，±12°）"
};

export interface LabelledDigits {
  x: tf.Tensor2D; // [n, 784], standardised
  y: tf.Tensor2D;
  labels: ArrayLike<number>;
}

export interface RegularizationResult {
  regularizer: Regularizer;
  curve: { epoch: number; trainAccuracy: number; testAccuracy: number }[];
  trainAccuracy: number;
  testAccuracy: number;
  /** Early stopping: the epoch whose weights were kept. */
  bestEpoch?: number;
  /** The first layer's weights at the end (for the histogram). */
  firstLayer: Float32Array;
  diverged?: string;
}

export interface RegularizationOptions {
  epochs: number;
  width?: number;
  seed?: number;
  /** Held-out digits for early stopping (never the test set). */
  validation: LabelledDigits;
  /** Where the per-epoch test accuracy is measured (a smaller test sample); default `test`. */
  curveTest?: LabelledDigits;
}

/** Trains one wide MLP with `regularizer` on train and measures it on test. */
export async function runRegularization(regularizer: Regularizer, train: LabelledDigits, test: LabelledDigits, { epochs, width = 512, seed = 1, validation, curveTest = test }: RegularizationOptions): Promise<RegularizationResult> {
  const mlp = deepMlp({ inputs: 784, width, depth: 1, outputs: 10, activation: "relu", init: "he", seed, dropout: regularizer === "dropout" ? 0.5 : 0 });
  const optimizer = momentum(mlp.params, { lr: 0.02, mu: 0.9 });
  const logits = (xb: tf.Tensor, training: boolean) => mlp.logits(xb as tf.Tensor2D, training);
  const stopper = regularizer === "early-stopping" ? earlyStopping(5) : null;
  let kept: tf.Tensor[] | null = null;
  const curve: RegularizationResult["curve"] = [];
  try {
    const run = await trainClassifier(mlp.params, logits, optimizer, train.x, train.y, {
      epochs,
      batchSize: 50,
      seed,
      penalty: regularizer === "l2" ? () => l2Penalty(mlp.weights, 0.005) : regularizer === "l1" ? () => l1Penalty(mlp.weights, 1e-4) : undefined,
      transform: regularizer === "augmentation" ? (xb, step) => augmentDigits(xb, { maxShift: 2, maxDegrees: 12, seed: seed * 100_000 + step }) : undefined,
      onEpoch: async (epoch) => {
        curve.push({ epoch, trainAccuracy: await accuracyOf(logits, train.x, train.labels), testAccuracy: await accuracyOf(logits, curveTest.x, curveTest.labels) });
        if (!stopper) return false;
        const loss = tf.tidy(() => softmaxCrossEntropy(validation.y, logits(validation.x, false) as tf.Tensor2D));
        const value = (await loss.data())[0];
        loss.dispose();
        const stop = stopper.update(epoch, value);
        if (stopper.bestEpoch === epoch) {
          tf.dispose(kept ?? []);
          kept = mlp.params.map((p) => p.clone());
        }
        return stop;
      }
    });
    if (kept) mlp.params.forEach((p, i) => p.assign(kept![i]));
    return {
      regularizer,
      curve,
      trainAccuracy: await accuracyOf(logits, train.x, train.labels),
      testAccuracy: await accuracyOf(logits, test.x, test.labels),
      bestEpoch: stopper?.bestEpoch,
      firstLayer: (await mlp.weights[0].data()) as Float32Array,
      diverged: run.diverged
    };
  } finally {
    tf.dispose(kept ?? []);
    optimizer.dispose();
    mlp.dispose();
  }
}
