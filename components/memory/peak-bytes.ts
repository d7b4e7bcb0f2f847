// The highest tf.memory().numBytes reached while `run` runs. tfjs keeps no high-water mark
// outside tf.profile(), and tf.profile is no help here: it reads every kernel's output
// synchronously (dataSync, which breaks WebGPU) and keeps outputs alive until it ends, which
// inflates the very peak it reports. So we watch the engine's own byte counter — the number
// tf.memory().numBytes returns — for the duration of `run`, then put it back untouched.
import * as tf from "@book/tf";

interface EngineState {
  numBytes: number;
}

export async function measurePeakBytes<T>(run: () => Promise<T> | T): Promise<{ result: T; start: number; peak: number }> {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  const own = Object.getOwnPropertyDescriptor(state, "numBytes");
  if (!own || !("value" in own)) throw new Error("已经在测量显存峰值：同一时间只能测一段代码");
  let value = state.numBytes;
  const start = value;
  let peak = value;
  Object.defineProperty(state, "numBytes", {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (next: number) => {
      value = next;
      if (next > peak) peak = next;
    }
  });
  try {
    return { result: await run(), start, peak };
  } finally {
    Object.defineProperty(state, "numBytes", { configurable: true, enumerable: true, writable: true, value });
  }
}
