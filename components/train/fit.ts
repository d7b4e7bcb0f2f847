// fit(): trains a compiled tf.LayersModel with the book's loop (loop.ts), one step per batch,
// and optionally evaluates held-out data after every epoch. The step is fast-step.ts's (what
// model.trainOnBatch computes, with fewer kernels) where it supports the model, else trainOnBatch.
// It knows nothing of the page: progress goes to callbacks.
import * as tf from "@book/tf";
import { trainSteps, type FitHistory, type LoopOptions } from "./loop.js";
import { fastStep } from "./fast-step.js";

export { yieldToPage, type BatchProgress, type EpochLog, type FitHistory, type StepResult } from "./loop.js";

export interface FitOptions extends Omit<LoopOptions, "completeEpoch"> {
  validationData?: [tf.Tensor, tf.Tensor];
  /** Always model.trainOnBatch, never the fast step (comparisons in tests and benchmarks). */
  trainOnBatch?: boolean;
}

/** Trains a compiled model (loss, and optionally an accuracy metric) on x, y. */
export async function fit(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitOptions): Promise<FitHistory> {
  const { validationData, trainOnBatch, ...loop } = options;
  const fast = trainOnBatch ? null : fastStep(model);
  const step = async (xb: tf.Tensor, yb: tf.Tensor) => {
    const quick = fast && (await fast(xb, yb));
    if (quick) return { loss: quick.loss, accuracy: quick.metrics[0] };
    const result = await model.trainOnBatch(xb, yb);
    const [loss, accuracy] = Array.isArray(result) ? result : [result, undefined];
    return { loss, accuracy };
  };
  return trainSteps(x, y, step, { ...loop, completeEpoch: validationData ? async (log) => void Object.assign(log, await evaluate(model, validationData[0], validationData[1])) : undefined });
}

/** Several fit() runs shown as one (an experiment that trains several models in a row). */
export function mergeHistories(histories: FitHistory[]): FitHistory {
  const batches = histories.flatMap((h) => h.batches);
  const samples = histories.reduce((sum, h) => sum + h.samplesPerSecond * h.batches.length, 0);
  return {
    batches,
    epochs: histories.flatMap((h) => h.epochs),
    stopped: histories.some((h) => h.stopped),
    samplesPerSecond: batches.length ? samples / batches.length : 0
  };
}

/** Loss and accuracy on held-out data, read back with await (safe on WebGPU). */
export async function evaluate(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<{ valLoss: number; valAccuracy?: number }> {
  const result = model.evaluate(x, y) as tf.Scalar | tf.Scalar[];
  const scalars = Array.isArray(result) ? result : [result];
  const values = await Promise.all(scalars.map(async (s) => (await s.data())[0]));
  tf.dispose(scalars);
  return { valLoss: values[0], valAccuracy: values[1] };
}

