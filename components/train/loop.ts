// The book's training loop, for any model: mini-batches in a seeded shuffled order, one
// optimisation step per batch (given by the caller), a yield to the browser after every
// batch (the page stays responsive), and a stop signal checked after every batch. It knows
// nothing of the page: progress goes to callbacks (the training panel listens).
// fit() (fit.ts) runs tf.LayersModel through it; the Transformer of 3.5 passes its own step.
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";

export interface BatchProgress {
  epoch: number; // 1-based
  epochs: number;
  batch: number; // 1-based, within the epoch
  batchesPerEpoch: number;
  loss: number;
  accuracy?: number;
  samplesPerSecond: number;
  elapsedMs: number;
  etaMs: number;
}

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface FitHistory {
  batches: StepResult[];
  epochs: EpochLog[];
  stopped: boolean;
  samplesPerSecond: number;
}

export interface StepResult {
  loss: number;
  accuracy?: number;
}

export interface LoopOptions {
  epochs: number;
  batchSize: number;
  seed?: number;
  /** Aborting stops training after the current batch; the model keeps what it learned. */
  signal?: AbortSignal;
  onBatchEnd?(progress: BatchProgress): void;
  onEpochEnd?(log: EpochLog): void;
  /** Awaited before onEpochEnd, e.g. to add validation figures to the log. */
  completeEpoch?(log: EpochLog): Promise<void>;
}

/** Calls step(xBatch, yBatch) over shuffled mini-batches of x and y for `epochs` epochs. */
export async function trainSteps(x: tf.Tensor, y: tf.Tensor, step: (xb: tf.Tensor, yb: tf.Tensor) => Promise<StepResult>, options: LoopOptions): Promise<FitHistory> {
  const { epochs, batchSize, seed = 1, signal, onBatchEnd, onEpochEnd, completeEpoch } = options;
  const n = x.shape[0];
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const random = seededRandom(seed);
  const history: FitHistory = { batches: [], epochs: [], stopped: false, samplesPerSecond: 0 };
  const start = performance.now();
  let trained = 0;
  for (let epoch = 1; epoch <= epochs && !history.stopped; epoch++) {
    const order = shuffled(n, random);
    let [lossSum, accuracySum, seen] = [0, 0, 0];
    for (let batch = 1; batch <= batchesPerEpoch; batch++) {
      if (signal?.aborted) {
        history.stopped = true;
        break;
      }
      const rows = order.subarray((batch - 1) * batchSize, Math.min(n, batch * batchSize));
      const [xb, yb] = tf.tidy(() => {
        const index = tf.tensor1d(rows, "int32");
        return [tf.gather(x, index), tf.gather(y, index)];
      });
      const result = await step(xb, yb).finally(() => tf.dispose([xb, yb]));
      history.batches.push(result);
      trained += rows.length;
      seen += rows.length;
      lossSum += result.loss * rows.length;
      if (result.accuracy !== undefined) accuracySum += result.accuracy * rows.length;
      const elapsedMs = performance.now() - start;
      const samplesPerSecond = trained / (elapsedMs / 1000);
      const remaining = (epochs - epoch) * n + (n - seen);
      onBatchEnd?.({ epoch, epochs, batch, batchesPerEpoch, loss: result.loss, accuracy: result.accuracy, samplesPerSecond, elapsedMs, etaMs: (remaining / samplesPerSecond) * 1000 });
      await yieldToPage();
    }
    if (!seen) break;
    const log: EpochLog = { epoch, loss: lossSum / seen, accuracy: accuracySum ? accuracySum / seen : undefined };
    await completeEpoch?.(log);
    history.epochs.push(log);
    onEpochEnd?.(log);
  }
  history.samplesPerSecond = trained / ((performance.now() - start) / 1000);
  return history;
}

/** A macrotask break: the browser may paint and handle input. Unlike tf.nextFrame it does
 * not wait for the next animation frame (up to 16 ms a batch, 15% of a WASM CNN batch). */
export function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === "undefined") return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
