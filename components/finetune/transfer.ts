// Transfer learning with the book's CNN (5.4 节, the demo 3.6 promises): a network trained on
// one task gives its layers to a network for another task. Three ways to train the new one:
//   scratch  – fresh weights, nothing reused (the baseline);
//   frozen   – copy the base, freeze the convolutions, train the dense layers and a new head;
//   finetune – copy the base and train everything, with a smaller learning rate.
// The base is only read: its weights are copied (setWeights shares immutable tensor data,
// training the copy assigns new tensors to the copy's variables and never touches the base).
import * as tf from "@book/tf";
import { buildCnn, type CnnOptions } from "../nn/cnn.js";
import { fit, type FitOptions } from "../train/fit.js";
import { accuracy, predictClasses } from "../train/classification.js";
import { FinetuneInputError, type DigitTask } from "./digit-task.js";

export type TransferStrategy = "scratch" | "frozen" | "finetune";
export const STRATEGIES: readonly TransferStrategy[] = ["scratch", "frozen", "finetune"];
export const STRATEGY_NAMES: Record<TransferStrategy, string> = { scratch: "从零训练", frozen: "冻结卷积层", finetune: "全部微调（小学习率）" };

/** The layers a transferred network takes from its base (all but the task's output layer). */
export const BODY_LAYERS = ["conv1", "conv2", "dense1"] as const;
/** The layers "frozen" keeps fixed: the convolutions, which detect strokes and their parts. */
export const CONV_LAYERS = ["conv1", "conv2"] as const;

/** The 3.2 CNN with a `classes`-way softmax head named "head" instead of its 10-way output. */
export function buildTaskCnn({ classes, ...options }: CnnOptions & { classes: number }): tf.Sequential {
  const model = buildCnn(options);
  const output = model.layers[model.layers.length - 1];
  model.pop();
  output.dispose(); // buildCnn already made its 10-way weights
  const seed = (options.seed ?? 1) + 7;
  model.add(tf.layers.dense({ units: classes, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed }), name: "head" }));
  return model;
}

/** Copies the weights of the named layers from `source` into `target` (same shapes). */
export function copyLayers(source: tf.LayersModel, target: tf.LayersModel, names: readonly string[]): void {
  for (const name of names) target.getLayer(name).setWeights(source.getLayer(name).getWeights());
}

/** Marks the named layers as not trainable (takes effect at the next compile). */
export function freezeLayers(model: tf.LayersModel, names: readonly string[]): void {
  for (const name of names) model.getLayer(name).trainable = false;
}

/** Parameters the optimiser will update. */
export function trainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}

/** Throws a FinetuneInputError unless lr is a positive finite number. */
export function checkLearningRate(lr: number): void {
  if (!Number.isFinite(lr) || lr <= 0) throw new FinetuneInputError(`学习率必须是大于 0 的有限数，现在是 ${lr}。`);
}

/** A new network for the task, built from `base` by one strategy (base may be null for scratch). */
export function transferModel(base: tf.LayersModel | null, strategy: TransferStrategy, { classes, seed = 1, architecture = {} }: { classes: number; seed?: number; architecture?: Omit<CnnOptions, "seed"> }): tf.Sequential {
  const model = buildTaskCnn({ ...architecture, classes, seed });
  if (strategy === "scratch") return model;
  if (!base) throw new FinetuneInputError("“冻结卷积层”和“全部微调”需要一个训练好的基础网络。");
  copyLayers(base, model, BODY_LAYERS);
  if (strategy === "frozen") freezeLayers(model, CONV_LAYERS);
  return model;
}

export interface TrainOptions extends Omit<FitOptions, "epochs" | "batchSize" | "validationData"> {
  lr: number;
  batchSize: number;
  /** About this many optimiser steps (epochs follow from the task's size), or give `epochs`. */
  steps?: number;
  epochs?: number;
}

/** Compiles with Adam(lr) and trains for about `steps` steps; the optimiser is disposed after. */
export async function trainTask(model: tf.LayersModel, task: DigitTask, { lr, batchSize, steps = 1, epochs, ...loop }: TrainOptions) {
  checkLearningRate(lr);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new FinetuneInputError(`批大小必须是正整数，现在是 ${batchSize}。`);
  const optimizer = tf.train.adam(lr);
  try {
    model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    const n = task.x.shape[0];
    return await fit(model, task.x, task.y, { epochs: epochs ?? Math.max(1, Math.round(steps / Math.ceil(n / batchSize))), batchSize, ...loop });
  } finally {
    optimizer.dispose();
  }
}

/** Share of `task` the model classifies right. */
export async function taskAccuracy(model: tf.LayersModel, task: DigitTask): Promise<number> {
  const { predicted } = await predictClasses(model, task.x);
  return accuracy(task.classes, predicted);
}
