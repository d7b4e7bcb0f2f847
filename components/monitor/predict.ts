// The monitored model's answers for a window of inputs: predicted class and confidence
// (the largest softmax probability), computed on the page's tfjs backend.
import * as tf from "@book/tf";
import { predictClasses } from "../train/classification.js";
import type { WindowPredictions } from "./monitor.js";

export async function predictWindow(model: tf.LayersModel, inputs: Float32Array[]): Promise<WindowPredictions & { predicted: Int32Array; confidence: Float32Array }> {
  const joined = new Float32Array(inputs.length * 784);
  inputs.forEach((x, i) => joined.set(x, i * 784));
  const x = tf.tensor4d(joined, [inputs.length, 28, 28, 1]);
  try {
    const { predicted, confidence } = await predictClasses(model, x);
    return { predicted, confidence };
  } finally {
    x.dispose();
  }
}
