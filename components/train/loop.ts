// The book's training loop, for any model: mini-batches in a seeded shuffled order, one
// optimisation step per batch (given by the caller), a yield to the browser after every
// batch (the page stays responsive), and a stop signal checked after every batch. It knows
// nothing of the page: progress goes to callbacks (the training panel listens).
// fit() (fit.ts) runs tf.LayersModel through it; the Transformer of 3.5 passes its own step.
// On WebGPU it never trains on garbage: the first step runs inside error scopes and every
// batch checks the device's error log (components/backend/gpu-errors.ts); on any error the
// run stops with a GpuRunError, and the page's speed record remembers that WebGPU failed
// on this model, so the chooser leaves it out next time.
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";
import { yieldToPage } from "../util/yield.js";
import { gpuGuard, GpuRunError, type GpuGuard } from "../backend/gpu-errors.js";
import { recordBackendFailure } from "../backend/speed.js";
import { readBackendStatus } from "../backend/status.js";

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
  /** Called when WebGPU reported an error and the run stopped (it then throws the error). */
  onGpuError?(error: GpuRunError): void;
  /** Watches WebGPU errors; by default the page's device while tfjs runs on WebGPU (tests pass their own). */
  gpuGuard?: GpuGuard | null;
}

/** Calls step(xBatch, yBatch) over shuffled mini-batches of x and y for `epochs` epochs. */
export async function trainSteps(x: tf.Tensor, y: tf.Tensor, step: (xb: tf.Tensor, yb: tf.Tensor) => Promise<StepResult>, options: LoopOptions): Promise<FitHistory> {
  const gpu = options.gpuGuard === undefined ? gpuGuard(tf.getBackend()) : options.gpuGuard;
  if (!gpu) return loop(x, y, step, options, null);
  try {
    return await loop(x, y, step, options, gpu);
  } catch (error) {
    if (error instanceof GpuRunError) {
      rememberGpuFailure(error);
      options.onGpuError?.(error);
    }
    throw error;
  }
}

/** Records in the page's speed record that WebGPU failed on this page's model. */
function rememberGpuFailure(error: GpuRunError): void {
  const status = readBackendStatus();
  if (status) recordBackendFailure(status.speedKey, status.model, "webgpu", error.gpuMessages[0]?.split("\n")[0]?.slice(0, 160) ?? "WebGPU 错误");
}

async function loop(x: tf.Tensor, y: tf.Tensor, step: (xb: tf.Tensor, yb: tf.Tensor) => Promise<StepResult>, options: LoopOptions, gpu: GpuGuard | null): Promise<FitHistory> {
  const { epochs, batchSize, seed = 1, signal, onBatchEnd, onEpochEnd, completeEpoch } = options;
  // An error before the run (building the model, an earlier cell) means its inputs may be garbage.
  gpu?.check();
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
      const run = () => step(xb, yb);
      const result = await (gpu && trained === 0 ? gpu.scoped(run) : run()).finally(() => tf.dispose([xb, yb]));
      gpu?.check();
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
  gpu?.check(); // the last epoch's completeEpoch (validation) ran on the GPU too
  return history;
}


function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export { yieldToPage };
