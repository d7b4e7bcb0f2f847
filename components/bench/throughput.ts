// Training throughput of the book's models, measured with the chapters' own code (the
// model builders and fit()), for `npm run bench` (bench/run.ts drives it in the browser
// through src/bench.md and src/bench-cell.md). A warm-up run first: the first batches
// compile shaders or JIT wasm and are not typical.
import * as tf from "@book/tf";
import { buildCnn, SEED_CNN, SMALL_CNN } from "../nn/cnn.js";
import { buildNameClassifier, NAME_LENGTH } from "../nn/rnn-models.js";
import { TinyTransformer } from "../nn/transformer.js";
import { reverseTask } from "../data/sequence-tasks.js";
import { trainSteps } from "../train/loop.js";
import { mnistTensors, type MnistData } from "../data/mnist.js";
import type { NamesData } from "../data/names.js";
import { CharVocab, encodeBatch } from "../text/vocab.js";
import { fit, mergeHistories, type FitHistory } from "../train/fit.js";
import { countSteps, type StepCounts } from "./step-counts.js";

/** The data the benchmarked models train on (what the chapters load). */
export interface BenchData {
  mnist: MnistData;
  names: NamesData;
}

export interface BenchRequest {
  /** cnn: 3.2's CNN on MNIST; lstm: 3.3's name classifier (embedding → LSTM 32 → sigmoid);
   * transformer: 3.5's encoder (2 layers, 2 heads, d 32, ffn 64) on 8-digit reversal. */
  model: "cnn" | "lstm" | "transformer";
  /** The articles' full-size model, or the small one (smoke runs). */
  size: "full" | "small";
  batchSize: number;
  warmupBatches: number;
  batches: number;
  /** Repeat the timed batches until this many seconds have passed (fast GPUs; default once). */
  minSeconds?: number;
  /** After timing, count kernels, dispatches and uploads over this many steps (step-counts.ts). */
  countBatches?: number;
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
  /** Per-step counts, when the request asked for them. */
  counts?: StepCounts;
}

function benchModel(data: BenchData, request: BenchRequest, count: number) {
  if (request.model === "cnn") {
    const tensors = mnistTensors(data.mnist.train, { limit: count });
    return { ...tensors, model: buildCnn(request.size === "full" ? SEED_CNN : SMALL_CNN), loss: "categoricalCrossentropy", epochCount: data.mnist.train.count };
  }
  const vocab = CharVocab.fromTexts(data.names.train.names);
  const names = data.names.train.names.slice(0, count);
  const x = encodeBatch(vocab, names, NAME_LENGTH);
  const y = tf.tensor2d(Array.from(data.names.train.labels.subarray(0, names.length)), [names.length, 1]);
  const model = buildNameClassifier({ vocabSize: vocab.size, units: request.size === "full" ? 32 : 8 });
  return { x, y, model, loss: "binaryCrossentropy", epochCount: data.names.train.names.length, dispose: () => tf.dispose([x, y]) };
}

/** 3.5's Transformer through trainSteps (it is not a tf.LayersModel). */
async function benchTransformer(request: BenchRequest, watch: () => void): Promise<ThroughputResult> {
  const { batchSize, warmupBatches, batches } = request;
  const model = new TinyTransformer({ vocab: 10, length: 8, d: request.size === "full" ? 32 : 16, heads: 2, layers: request.size === "full" ? 2 : 1, ffn: request.size === "full" ? 64 : 32 });
  const optimizer = tf.train.adam(0.003);
  const step = (xb: tf.Tensor, yb: tf.Tensor) => model.trainStep(optimizer, xb as tf.Tensor2D, yb as tf.Tensor2D);
  try {
    const warm = reverseTask(batchSize * Math.max(1, warmupBatches), 8, { seed: 1 });
    if (warmupBatches > 0) await trainSteps(warm.x, warm.y, step, { epochs: 1, batchSize, onBatchEnd: watch });
    warm.dispose();
    const data = reverseTask(batchSize * batches, 8, { seed: 2 });
    const history = await timed(request, () => trainSteps(data.x, data.y, step, { epochs: 1, batchSize, onBatchEnd: watch }));
    const counts = await countAfter(request, (x, y) => trainSteps(x, y, step, { epochs: 1, batchSize }), data.x, data.y);
    data.dispose();
    return { ...result(request, history, 4096), counts };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

/** The timed part: once, or repeated until request.minSeconds have passed. */
async function timed(request: BenchRequest, run: () => Promise<FitHistory>): Promise<FitHistory> {
  const start = performance.now();
  const histories: FitHistory[] = [];
  do histories.push(await run());
  while (performance.now() - start < (request.minSeconds ?? 0) * 1000);
  return mergeHistories(histories);
}

/** Per-step counts over the first countBatches batches of x, y (none unless asked for). */
async function countAfter(request: BenchRequest, run: (x: tf.Tensor, y: tf.Tensor) => Promise<FitHistory>, x: tf.Tensor, y: tf.Tensor): Promise<StepCounts | undefined> {
  const steps = Math.min(request.countBatches ?? 0, Math.floor(x.shape[0] / request.batchSize));
  if (steps < 1) return undefined;
  const [cx, cy] = tf.tidy(() => [x.slice(0, steps * request.batchSize), y.slice(0, steps * request.batchSize)]);
  try {
    return await countSteps(() => run(cx, cy), steps);
  } finally {
    tf.dispose([cx, cy]);
  }
}

function result(request: BenchRequest, history: FitHistory, epochCount: number): ThroughputResult {
  const samplesPerSecond = history.samplesPerSecond;
  return {
    model: request.model,
    size: request.size,
    backend: tf.getBackend(),
    batchSize: request.batchSize,
    batches: history.batches.length,
    samplesPerSecond,
    msPerBatch: (request.batchSize / samplesPerSecond) * 1000,
    epochSeconds: epochCount / samplesPerSecond,
    peakTensors: 0,
    peakBytes: 0,
    firstLoss: history.batches[0]?.loss ?? NaN,
    lastLoss: history.batches.at(-1)?.loss ?? NaN
  };
}

/** Trains a fresh model for warm-up + timed batches; returns the timed part's figures. */
export async function benchTraining(source: BenchData, request: BenchRequest): Promise<ThroughputResult> {
  const { batchSize } = request;
  let peakTensors = 0;
  let peakBytes = 0;
  const watchMemory = () => {
    const { numTensors, numBytes } = tf.memory();
    peakTensors = Math.max(peakTensors, numTensors);
    peakBytes = Math.max(peakBytes, numBytes);
  };
  if (request.model === "transformer") return { ...(await benchTransformer(request, watchMemory)), peakTensors, peakBytes };
  const data = benchModel(source, request, batchSize * Math.max(request.warmupBatches, request.batches));
  const { model } = data;
  // Whole batches only (the data can be shorter than batches × batchSize at large batch
  // sizes): a last, smaller batch would compile new shaders inside the timed part.
  const whole = Math.floor(data.x.shape[0] / batchSize);
  const warmupBatches = Math.min(request.warmupBatches, whole);
  const batches = Math.min(request.batches, whole);
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: data.loss, metrics: ["accuracy"] });
  try {
    const subset = (n: number) => tf.tidy(() => [data.x.slice(0, n * batchSize), data.y.slice(0, n * batchSize)] as const);
    if (warmupBatches > 0) {
      const [wx, wy] = subset(warmupBatches);
      await fit(model, wx, wy, { epochs: 1, batchSize, onBatchEnd: watchMemory });
      tf.dispose([wx, wy]);
    }
    const [x, y] = subset(batches);
    const history = await timed(request, () => fit(model, x, y, { epochs: 1, batchSize, seed: 2, onBatchEnd: watchMemory }));
    const counts = await countAfter(request, (cx, cy) => fit(model, cx, cy, { epochs: 1, batchSize, seed: 2 }), x, y);
    tf.dispose([x, y]);
    return { ...result(request, history, data.epochCount), peakTensors, peakBytes, counts };
  } finally {
    model.dispose();
    optimizer.dispose();
    data.dispose();
  }
}
