// One row of 第6章's privacy table: train the MLP on a small set of real digits (with DP-SGD
// at noise σ, or without privacy), then measure test accuracy and the loss-threshold
// membership attack's ROC/AUC (members: the training digits; non-members: as many test digits).
import * as tf from "@book/tf";
import { buildMlp, disposeMlp, type DpSgdOptions, mlpLogits, mlpLosses, trainDpSgd } from "./dp-sgd.js";
import { areaUnderCurve, rocCurve, type RocPoint } from "./membership.js";

export interface PrivacyRun {
  /** σ, or null for the run without privacy. */
  sigma: number | null;
  epsilon: number;
  trainAccuracy: number;
  testAccuracy: number;
  auc: number;
  roc: RocPoint[];
}

export interface Digits {
  /** Flat images [n, 784] in [0, 1] and integer labels. */
  x: tf.Tensor2D;
  labels: tf.Tensor1D;
}

async function accuracyOf(logits: tf.Tensor2D, labels: tf.Tensor1D): Promise<number> {
  const hits = tf.tidy(() => logits.argMax(1).equal(labels.toInt()).mean());
  const value = (await hits.data())[0];
  hits.dispose();
  return value;
}

/** `sigma: null` trains the same MLP with plain minibatch SGD (no clipping, no noise) for the same steps. */
export async function privacyRun(train: Digits, test: Digits, { sigma, hidden = 128, seed = 1, ...options }: Omit<DpSgdOptions, "sigma"> & { sigma: number | null; hidden?: number }): Promise<PrivacyRun> {
  const m = buildMlp(hidden, seed);
  try {
    const { epsilon } = await trainDpSgd(m, train.x, train.labels, { ...options, seed, sigma: sigma ?? 0, private: sigma !== null });
    const [trainLogits, testLogits] = [mlpLogits(m, train.x), mlpLogits(m, test.x)];
    const [trainAccuracy, testAccuracy] = [await accuracyOf(trainLogits, train.labels), await accuracyOf(testLogits, test.labels)];
    tf.dispose([trainLogits, testLogits]);
    const n = train.x.shape[0];
    const members = mlpLosses(m, train.x, train.labels);
    const others = tf.tidy(() => mlpLosses(m, test.x.slice([0, 0], [n, -1]), test.labels.slice([0], [n])));
    const roc = rocCurve(await members.data(), await others.data());
    tf.dispose([members, others]);
    return { sigma, epsilon, trainAccuracy, testAccuracy, auc: areaUnderCurve(roc), roc };
  } finally {
    disposeMlp(m);
  }
}

/** Digits [n, 28, 28, 1] as flat rows, with integer labels. */
export function flatDigits(x: tf.Tensor4D, labels: ArrayLike<number>): Digits {
  return { x: tf.tidy(() => x.reshape([x.shape[0], -1]) as tf.Tensor2D), labels: tf.tensor1d(Array.from(labels), "int32") };
}
