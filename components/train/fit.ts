// The book's training loop (every chapter trains through it): mini-batches in a seeded
// shuffled order, one optimizer step per batch with model.trainOnBatch, a yield to the
// browser after every batch (the page stays responsive), and a stop signal checked after
// every batch. It knows nothing of the page: progress goes to callbacks.
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

export interface FitOptions {
  epochs: number;
  batchSize: number;
  validationData?: [tf.Tensor, tf.Tensor];
  /** Aborting stops training after the current batch; the model keeps what it learned. */
  signal?: AbortSignal;
  seed?: number;
  onBatchEnd?(progress: BatchProgress): void;
  onEpochEnd?(log: EpochLog): void;
}

export interface FitHistory {
  batches: { loss: number; accuracy?: number }[];
  epochs: EpochLog[];
  stopped: boolean;
  samplesPerSecond: number;
}

/** Trains a compiled model (loss, and optionally an accuracy metric) on x, y. */
export async function fit(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitOptions): Promise<FitHistory> {
  const { epochs, batchSize, validationData, signal, seed = 1, onBatchEnd, onEpochEnd } = options;
  const n = x.shape[0];
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const random = seededRandom(seed);
  const history: FitHistory = { batches: [], epochs: [], stopped: false, samplesPerSecond: 0 };
  const start = performance.now();
  let trained = 0;
  for (let epoch = 1; epoch <= epochs && !history.stopped; ++epoch) {
    const order = shuffled(n, random);
    let lossSum = 0;
    let accuracySum = 0;
    let seen = 0;
    for (let batch = 1; batch <= batchesPerEpoch; ++batch) {
      if (signal?.aborted) {
        history.stopped = true;
        break;
      }
      const indices = order.subarray((batch - 1) * batchSize, Math.min(n, batch * batchSize));
      const [xb, yb] = tf.tidy(() => {
        const rows = tf.tensor1d(indices, "int32");
        return [tf.gather(x, rows), tf.gather(y, rows)];
      });
      const result = await model.trainOnBatch(xb, yb);
      tf.dispose([xb, yb]);
      const [loss, accuracy] = Array.isArray(result) ? result : [result, undefined];
      history.batches.push({ loss, accuracy });
      trained += indices.length;
      seen += indices.length;
      lossSum += loss * indices.length;
      if (accuracy !== undefined) accuracySum += accuracy * indices.length;
      const elapsedMs = performance.now() - start;
      const samplesPerSecond = trained / (elapsedMs / 1000);
      const remaining = (epochs - epoch) * n + (n - seen);
      onBatchEnd?.({ epoch, epochs, batch, batchesPerEpoch, loss, accuracy, samplesPerSecond, elapsedMs, etaMs: (remaining / samplesPerSecond) * 1000 });
      await yieldToPage(); // let the page paint and handle input between batches
    }
    if (!seen) break;
    const log: EpochLog = { epoch, loss: lossSum / seen, accuracy: accuracySum ? accuracySum / seen : undefined };
    if (validationData) Object.assign(log, await evaluate(model, validationData[0], validationData[1]));
    history.epochs.push(log);
    onEpochEnd?.(log);
  }
  history.samplesPerSecond = trained / ((performance.now() - start) / 1000);
  return history;
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
