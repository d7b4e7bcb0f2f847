// The monitored model's answers for a window of inputs: predicted class and confidence
// (the largest softmax probability), computed on the page's tfjs backend in slices of
// 50, yielding a frame between slices so the page stays responsive (on WASM, awaiting
// data() does not yield by itself).
import * as tf from "@book/tf";
import { predictClasses } from "../train/classification.js";
import type { WindowPredictions } from "./monitor.js";

const SLICE = 50;

export async function predictWindow(model: tf.LayersModel, inputs: Float32Array[]): Promise<WindowPredictions & { predicted: Int32Array; confidence: Float32Array }> {
  const predicted = new Int32Array(inputs.length);
  const confidence = new Float32Array(inputs.length);
  for (let start = 0; start < inputs.length; start += SLICE) {
    const slice = inputs.slice(start, start + SLICE);
    const joined = new Float32Array(slice.length * 784);
    slice.forEach((x, i) => joined.set(x, i * 784));
    const x = tf.tensor4d(joined, [slice.length, 28, 28, 1]);
    try {
      const p = await predictClasses(model, x);
      predicted.set(p.predicted, start);
      confidence.set(p.confidence, start);
    } finally {
      x.dispose();
    }
    await tf.nextFrame();
  }
  return { predicted, confidence };
}
