// The transfer experiment of 5.4 节: for each number of labelled examples of the new task,
// train one network per strategy (transfer.ts) and measure it on the new task's test digits.
// Every run is seeded (same labelled examples, same initial head, same batch order).
import type * as tf from "@book/tf";
import type { MnistData } from "../data/mnist.js";
import type { BatchProgress, FitHistory } from "../train/fit.js";
import type { CnnOptions } from "../nn/cnn.js";
import { availableExamples, checkLabelCount, digitTask } from "./digit-task.js";
import { checkLearningRate, STRATEGIES, taskAccuracy, trainableParams, trainTask, transferModel, type TransferStrategy } from "./transfer.js";

export interface TransferSettings {
  digits: readonly number[];
  labelCounts: readonly number[];
  strategies?: readonly TransferStrategy[];
  /** Learning rate per strategy (fine-tuning everything uses a smaller one). */
  lr: Record<TransferStrategy, number>;
  batchSize: number;
  steps: number;
  seed?: number;
  /** Test digits to score on (all of the task's test digits by default). */
  testCount?: number;
  /** Widths of the network (the 3.2 CNN's by default; tests use a narrow one). */
  architecture?: Omit<CnnOptions, "seed">;
}

export interface TransferRow {
  labels: number;
  strategy: TransferStrategy;
  accuracy: number;
  trainable: number;
  seconds: number;
}

/** Checks every setting before anything trains; throws a FinetuneInputError. */
export function checkTransferSettings(data: MnistData, settings: TransferSettings): void {
  const available = availableExamples(data.train, settings.digits);
  for (const labels of settings.labelCounts) checkLabelCount(labels, available);
  for (const strategy of settings.strategies ?? STRATEGIES) checkLearningRate(settings.lr[strategy]);
}

export async function runTransfer(
  base: tf.LayersModel | null,
  data: MnistData,
  settings: TransferSettings,
  { signal, onRun, onBatchEnd }: { signal?: AbortSignal; onRun?(row: TransferRow, done: number, total: number, history: FitHistory): void; onBatchEnd?(progress: BatchProgress): void } = {}
): Promise<TransferRow[]> {
  checkTransferSettings(data, settings);
  const { digits, labelCounts, strategies = STRATEGIES, batchSize, steps, seed = 1 } = settings;
  const test = digitTask(data.test, digits, { count: settings.testCount, seed });
  const rows: TransferRow[] = [];
  const total = labelCounts.length * strategies.length;
  try {
    for (const labels of labelCounts) {
      const task = digitTask(data.train, digits, { count: labels, seed });
      try {
        for (const strategy of strategies) {
          if (signal?.aborted) return rows;
          const model = transferModel(base, strategy, { classes: digits.length, seed, architecture: settings.architecture });
          try {
            const start = performance.now();
            const history = await trainTask(model, task, { lr: settings.lr[strategy], batchSize, steps, seed, signal, onBatchEnd });
            if (signal?.aborted) return rows; // a half-trained run is not a result
            const row = { labels, strategy, accuracy: await taskAccuracy(model, test), trainable: trainableParams(model), seconds: (performance.now() - start) / 1000 };
            rows.push(row);
            onRun?.(row, rows.length, total, history);
          } finally {
            model.dispose();
          }
        }
      } finally {
        task.dispose();
      }
    }
  } finally {
    test.dispose();
  }
  return rows;
}
