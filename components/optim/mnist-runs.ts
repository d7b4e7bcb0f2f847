// One training run of 第4章's experiments on real MNIST: a fresh deep MLP (same seed, so every
// optimiser or schedule starts from the same weights), trained by a from-scratch optimiser on
// the same shuffled batches, then scored on held-out digits. Records the loss and the wall
// time of every step (loss vs step and loss vs seconds), and frees everything it made.
import type * as tf from "@book/tf";
import { deepMlp, type DeepMlp, type DeepMlpOptions } from "../init/deep-mlp.js";
import type { Optimizer } from "./optimizer.js";
import { accuracyOf, trainClassifier } from "./train-classifier.js";

/** Flattened digits with one-hot labels, as the page's flatDigits() makes them. */
export interface Digits {
  x: tf.Tensor2D;
  y: tf.Tensor;
  labels: ArrayLike<number>;
}

export interface MnistRunOptions {
  network: Omit<DeepMlpOptions, "inputs" | "outputs">;
  epochs: number;
  batchSize: number;
  /** Shuffling seed (the network's seed is network.seed). */
  seed?: number;
  signal?: AbortSignal;
}

export interface MnistRun {
  name: string;
  losses: number[];
  /** Seconds since the start at the end of each step. */
  times: number[];
  seconds: number;
  testAccuracy: number;
  diverged?: string;
}

/** Trains a new MLP with make(params) on train, scores it on test. `inspect` sees the network
 * (and the optimiser) twice, before and after training, before either is freed. */
export async function runOnMnist<T = undefined>(
  name: string,
  make: (params: tf.Variable[]) => Optimizer,
  train: Digits,
  test: Digits,
  options: MnistRunOptions,
  inspect?: (mlp: DeepMlp, optimizer: Optimizer, trained: boolean) => Promise<T>
): Promise<MnistRun & { inspected?: T; atStart?: T }> {
  const mlp = deepMlp({ inputs: train.x.shape[1], outputs: 10, ...options.network });
  let optimizer: Optimizer | undefined;
  try {
    optimizer = make(mlp.params);
    const atStart = inspect ? await inspect(mlp, optimizer, false) : undefined;
    const logits = (xb: tf.Tensor, training: boolean) => mlp.logits(xb as tf.Tensor2D, training);
    const times: number[] = [];
    const start = performance.now();
    const run = await trainClassifier(mlp.params, logits, optimizer, train.x, train.y, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed ?? 1,
      signal: options.signal,
      onStep: () => void times.push((performance.now() - start) / 1000)
    });
    const testAccuracy = run.diverged ? NaN : await accuracyOf(logits, test.x, test.labels);
    const inspected = inspect ? await inspect(mlp, optimizer, true) : undefined;
    return { name, losses: run.losses, times, seconds: run.seconds, testAccuracy, diverged: run.diverged, inspected, atStart };
  } finally {
    optimizer?.dispose();
    mlp.dispose();
  }
}

/** Mean of each window of `k` consecutive values (a readable curve from noisy mini-batch losses); NaN and ∞ end the curve. */
export function smooth(values: readonly number[], k = 10): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i + k <= values.length; i += Math.max(1, Math.floor(k / 2))) {
    const window = values.slice(i, i + k);
    if (!window.every(Number.isFinite)) break;
    out.push({ x: i + k, y: window.reduce((a, b) => a + b, 0) / k });
  }
  return out;
}

/** Mean of the last k finite-run losses (NaN if the run diverged). */
export function finalLoss(run: Pick<MnistRun, "losses" | "diverged">, k = 20): number {
  if (run.diverged) return NaN;
  const tail = run.losses.slice(-k);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}
