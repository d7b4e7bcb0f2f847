// The proxy score of one architecture (5.4 节): train it briefly (one epoch on a subset) and
// measure accuracy on held-out digits, its parameter count and its measured latency. A proxy
// ranks architectures cheaply; it is not what the network would reach with full training.
import * as tf from "@book/tf";
import { fit } from "../train/fit.js";
import { accuracy, predictClasses } from "../train/classification.js";
import { measureLatency } from "./latency.js";
import { buildArchitecture, type Architecture } from "./space.js";
import type { Candidate } from "./pareto.js";

export interface ProxyData {
  train: { x: tf.Tensor; y: tf.Tensor };
  validation: { x: tf.Tensor; labels: ArrayLike<number> };
  /** One batch to time predict() on. */
  latencyBatch: tf.Tensor;
}

export async function proxyScore(architecture: Architecture, data: ProxyData, { epochs = 1, batchSize = 32, lr = 0.002, seed = 1, signal }: { epochs?: number; batchSize?: number; lr?: number; seed?: number; signal?: AbortSignal } = {}): Promise<Candidate> {
  const model = buildArchitecture(architecture, { seed });
  const optimizer = tf.train.adam(lr);
  try {
    model.compile({ optimizer, loss: "categoricalCrossentropy" });
    await fit(model, data.train.x, data.train.y, { epochs, batchSize, seed, signal });
    const { predicted } = await predictClasses(model, data.validation.x);
    return { accuracy: accuracy(data.validation.labels, predicted), params: model.countParams(), latencyMs: await measureLatency(model, data.latencyBatch) };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
