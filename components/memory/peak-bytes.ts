// The highest tf.memory().numBytes reached while `run` runs. tfjs keeps no high-water mark
// outside tf.profile(), and tf.profile is no help here: it reads every kernel's output
// synchronously (dataSync, which breaks WebGPU) and keeps outputs alive until it ends, which
// inflates the very peak it reports. So we watch the engine's own byte counter — the number
// tf.memory().numBytes returns — for the duration of `run` (util/tf-internals.ts, which
// checks the tfjs version), then put it back untouched.
import * as tf from "@book/tf";
import { watchEngineBytes } from "../util/tf-internals.js";

export async function measurePeakBytes<T>(run: () => Promise<T> | T): Promise<{ result: T; start: number; peak: number }> {
  let peak = 0;
  const { start, stop } = watchEngineBytes(tf, (next) => {
    if (next > peak) peak = next;
  });
  peak = start;
  try {
    return { result: await run(), start, peak };
  } finally {
    stop();
  }
}
