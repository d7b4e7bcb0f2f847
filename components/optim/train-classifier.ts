// Trains any classifier given as "parameters + a logits function" with one of the
// from-scratch optimisers, on shuffled mini-batches (components/train/loop.ts). Shared by the
// experiments of 第4章 (initialisation, batch norm, regularisation, optimisers on MNIST).
// A loss that turns NaN or ±∞ stops the run with "损失在第 k 步变成 NaN/∞"; every tensor
// made here is freed either way.
import * as tf from "@book/tf";
import { softmaxCrossEntropy } from "../losses/cross-entropy.js";
import { trainSteps } from "../train/loop.js";
import { lossAndGrads, type Optimizer } from "./optimizer.js";

export interface ClassifierRun {
  /** Training loss of every step, in order. */
  losses: number[];
  /** Set when the loss stopped being finite. */
  diverged?: string;
  /** Seconds the run took. */
  seconds: number;
}

export interface TrainClassifierOptions {
  epochs: number;
  batchSize: number;
  seed?: number;
  signal?: AbortSignal;
  /** Added to the data loss (L1/L2 penalties); built inside the gradient computation. */
  penalty?: () => tf.Scalar;
  /** Changes a batch before the step (data augmentation); the result is disposed after it. */
  transform?: (xb: tf.Tensor, step: number) => tf.Tensor | Promise<tf.Tensor>;
  /** Called after every finite step t (1-based) with its loss. */
  onStep?(step: number, loss: number): void;
  /** Called after every epoch (validation, early stopping); return true to stop. */
  onEpoch?(epoch: number): Promise<boolean | void> | boolean | void;
}

/** Trains params so that logits(x) fits the one-hot y. */
export async function trainClassifier(
  params: readonly tf.Variable[],
  logits: (xb: tf.Tensor, training: boolean) => tf.Tensor,
  optimizer: Optimizer,
  x: tf.Tensor,
  y: tf.Tensor,
  options: TrainClassifierOptions
): Promise<ClassifierRun> {
  const { epochs, batchSize, seed = 1, penalty, transform, onStep, onEpoch } = options;
  const stop = new AbortController();
  options.signal?.addEventListener("abort", () => stop.abort());
  const run: ClassifierRun = { losses: [], seconds: 0 };
  const start = performance.now();
  await trainSteps(
    x,
    y,
    async (xb, yb) => {
      const step = run.losses.length + 1;
      const input = transform ? await transform(xb, step) : xb;
      const { loss, grads } = lossAndGrads([...params], () => {
        const data = softmaxCrossEntropy(yb as tf.Tensor2D, logits(input, true) as tf.Tensor2D);
        return (penalty ? tf.add(data, penalty()) : data) as tf.Scalar;
      });
      const value = (await loss.data())[0];
      if (Number.isFinite(value)) optimizer.step(grads);
      tf.dispose([loss, ...grads]);
      if (input !== xb) input.dispose();
      run.losses.push(value);
      if (!Number.isFinite(value)) {
        run.diverged = `损失在第 ${step} 步变成 NaN/∞，已停止`;
        stop.abort();
      } else onStep?.(step, value);
      return { loss: value };
    },
    {
      epochs,
      batchSize,
      seed,
      signal: stop.signal,
      onEpochEnd: () => {},
      completeEpoch: async (log) => {
        if (!stop.signal.aborted && (await onEpoch?.(log.epoch))) stop.abort();
      }
    }
  );
  run.seconds = (performance.now() - start) / 1000;
  return run;
}

/** Share of rows of x whose largest logit is the label. */
export async function accuracyOf(logits: (xb: tf.Tensor, training: boolean) => tf.Tensor, x: tf.Tensor, labels: ArrayLike<number>): Promise<number> {
  const predicted = tf.tidy(() => tf.argMax(logits(x, false), 1));
  const values = await predicted.data();
  predicted.dispose();
  let right = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === labels[i]) right++;
  return right / values.length;
}
