// Training throughput of the book's models, measured with the chapters' own code (the
// model builders and fit()), for `npm run bench` (bench/run.ts drives it in the browser
// through src/bench.md and src/bench-cell.md). A warm-up run first: the first batches
// compile shaders or JIT wasm and are not typical.
import * as tf from "@book/tf";
import { buildCnn, SEED_CNN, SMALL_CNN } from "../nn/cnn.js";
import { mnistTensors, type MnistData } from "../data/mnist.js";
import { fit } from "../train/fit.js";

export interface BenchRequest {
  model: "cnn";
  /** The articles' full-size model, or the small one (smoke runs). */
  size: "full" | "small";
  batchSize: number;
  warmupBatches: number;
  batches: number;
}

export interface ThroughputResult {
  model: string;
  size: string;
  backend: string;
  batchSize: number;
  batches: number;
  samplesPerSecond: number;
  msPerBatch: number;
  /** Seconds for one pass over the chapter's training data at this speed. */
  epochSeconds: number;
  peakTensors: number;
  peakBytes: number;
  firstLoss: number;
  lastLoss: number;
}

/** Trains a fresh model for warm-up + timed batches; returns the timed part's figures. */
export async function benchTraining(mnist: MnistData, request: BenchRequest): Promise<ThroughputResult> {
  const { batchSize, warmupBatches, batches } = request;
  const data = mnistTensors(mnist.train, { limit: batchSize * Math.max(warmupBatches, batches) });
  const model = buildCnn(request.size === "full" ? SEED_CNN : SMALL_CNN);
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  let peakTensors = 0;
  let peakBytes = 0;
  const watchMemory = () => {
    const { numTensors, numBytes } = tf.memory();
    peakTensors = Math.max(peakTensors, numTensors);
    peakBytes = Math.max(peakBytes, numBytes);
  };
  try {
    const subset = (n: number) => tf.tidy(() => [data.x.slice(0, n * batchSize), data.y.slice(0, n * batchSize)] as const);
    if (warmupBatches > 0) {
      const [wx, wy] = subset(warmupBatches);
      await fit(model, wx, wy, { epochs: 1, batchSize, onBatchEnd: watchMemory });
      tf.dispose([wx, wy]);
    }
    const [x, y] = subset(batches);
    const history = await fit(model, x, y, { epochs: 1, batchSize, seed: 2, onBatchEnd: watchMemory });
    tf.dispose([x, y]);
    const samplesPerSecond = history.samplesPerSecond;
    return {
      model: request.model,
      size: request.size,
      backend: tf.getBackend(),
      batchSize,
      batches: history.batches.length,
      samplesPerSecond,
      msPerBatch: (batchSize / samplesPerSecond) * 1000,
      epochSeconds: mnist.train.count / samplesPerSecond,
      peakTensors,
      peakBytes,
      firstLoss: history.batches[0]?.loss ?? NaN,
      lastLoss: history.batches.at(-1)?.loss ?? NaN
    };
  } finally {
    model.dispose();
    optimizer.dispose();
    data.dispose();
  }
}
