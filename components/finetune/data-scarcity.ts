// Accuracy vs the number of labelled digits (第6章 6.1 节): the book's CNN trained from scratch
// on the first n digits of a seeded order of the training set, once on the digits as they are
// and once with every batch shifted and rotated (第4章's augmentation), then measured on the
// same held-out test digits. Each size gets its own step count (`stepsFor`): small sets need
// many epochs to fit, large ones fewer, so no point of the curve is starved of steps.
import * as tf from "@book/tf";
import type { MnistSplit } from "../data/mnist.js";
import { augmentDigits } from "../data/augment.js";
import { buildCnn, type CnnOptions } from "../nn/cnn.js";
import { trainSteps } from "../train/loop.js";
import { breathe } from "../compress/breathe.js";
import { FinetuneInputError, digitTask, type DigitTask } from "./digit-task.js";
import { taskAccuracy } from "./transfer.js";

export const ALL_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export interface ScarcityPoint {
  count: number;
  steps: number;
  augmented: boolean;
  accuracy: number;
}

export interface ScarcityOptions {
  sizes: number[];
  /** Optimiser steps for a training set of n digits. */
  stepsFor(n: number): number;
  augment?: boolean[];
  batchSize?: number;
  lr?: number;
  seed?: number;
  architecture?: Omit<CnnOptions, "seed">;
  onPoint?(point: ScarcityPoint, done: number, total: number): void;
  signal?: AbortSignal;
}

/** Steps that give about `epochs` passes over n digits, kept between `min` and `max`. */
export function stepsForEpochs(epochs: number, batchSize: number, min: number, max: number): (n: number) => number {
  return (n) => Math.min(max, Math.max(min, Math.round((epochs * n) / batchSize)));
}

/** Trains one fresh CNN on `task` for `steps` steps (augmented batches if asked); returns it. */
export async function trainOnDigits(task: DigitTask, { steps, batchSize, lr, seed, augmented, architecture, signal }: { steps: number; batchSize: number; lr: number; seed: number; augmented: boolean; architecture?: Omit<CnnOptions, "seed">; signal?: AbortSignal }): Promise<tf.LayersModel> {
  const model = buildCnn({ ...architecture, seed });
  const optimizer = tf.train.adam(lr);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const n = task.x.shape[0];
  const size = Math.min(batchSize, n);
  let step = 0;
  try {
    await trainSteps(
      task.x,
      task.y,
      async (xb, yb) => {
        const input = augmented ? await augmentDigits(xb, { maxShift: 2, maxDegrees: 12, seed: seed * 100_000 + step }) : xb;
        step += 1;
        const loss = (await model.trainOnBatch(input, yb)) as number;
        if (input !== xb) input.dispose();
        await breathe(); // a timer turn now and then: the notebook's loop guard listens to a timer heartbeat
        return { loss };
      },
      { epochs: Math.max(1, Math.round(steps / Math.ceil(n / size))), batchSize: size, seed, signal }
    );
  } finally {
    optimizer.dispose();
  }
  return model;
}

/** One point per (size, augmentation): test accuracy of a CNN trained on that many digits. */
export async function learningCurve(train: MnistSplit, test: DigitTask, { sizes, stepsFor, augment = [false, true], batchSize = 32, lr = 0.001, seed = 1, architecture, onPoint, signal }: ScarcityOptions): Promise<ScarcityPoint[]> {
  if (!sizes.length) throw new FinetuneInputError("至少要给一个训练集大小。");
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 10 || n > train.count) throw new FinetuneInputError(`训练集大小必须是 10 到 ${train.count} 之间的整数，现在是 ${n}。`);
  }
  const points: ScarcityPoint[] = [];
  const total = sizes.length * augment.length;
  for (const count of sizes) {
    const task = digitTask(train, ALL_DIGITS, { count, seed });
    try {
      for (const augmented of augment) {
        if (signal?.aborted) return points;
        const steps = stepsFor(count);
        const model = await trainOnDigits(task, { steps, batchSize, lr, seed, augmented, architecture, signal });
        const point = { count, steps, augmented, accuracy: await taskAccuracy(model, test) };
        model.dispose();
        points.push(point);
        onPoint?.(point, points.length, total);
        await breathe(0);
      }
    } finally {
      task.dispose();
    }
  }
  return points;
}
