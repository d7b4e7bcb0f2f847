// The settings sweeps of 5.3's cells, as library functions: each evaluates copies of the
// weights on the same test digits and returns plain rows for a chart or a table. The loops
// live here rather than in the cells so that a long sweep on WASM (where every await
// resolves at once) is not mistaken for a hung cell by the notebook's loop guard; every
// setting is checked before the first evaluation, so a bad one runs nothing.
import type * as tf from "@book/tf";
import type { CnnWeights } from "./cnn-weights.js";
import { checkRank, checkSparsity } from "./errors.js";
import { batchLatency, testAccuracy } from "./evaluate.js";
import { energyKept, factoriseDense } from "./low-rank.js";
import { applyMasks, magnitudeMasks, type PruneScope } from "./prune.js";
import { integerRange, type Granularity, type Scheme } from "./quantize.js";
import { quantizeCnn, storageBytes } from "./quantize-cnn.js";
import { parameterCount } from "./cnn-weights.js";
import type { Svd } from "./svd.js";
import { trainWeights, type TrainWeightsOptions } from "./train-weights.js";

export interface TestDigits {
  x: tf.Tensor4D;
  labels: ArrayLike<number>;
}

export async function quantSweep(w: CnnWeights, test: TestDigits, bits: number[], scheme: Scheme, granularities: Granularity[] = ["per-tensor", "per-channel"]) {
  for (const b of bits) integerRange({ bits: b, scheme });
  const rows: { granularity: Granularity; bits: number; accuracy: number; bytes: number }[] = [];
  for (const granularity of granularities)
    for (const b of bits) {
      const spec = { bits: b, scheme, granularity };
      rows.push({ granularity, bits: b, accuracy: await testAccuracy(quantizeCnn(w, spec), test.x, test.labels), bytes: storageBytes(w, { quant: spec }) });
    }
  return rows;
}

export async function pruneSweep(w: CnnWeights, test: TestDigits, sparsities: number[], scopes: PruneScope[] = ["global", "per-layer"]) {
  sparsities.forEach(checkSparsity);
  const rows: { scope: PruneScope; sparsity: number; accuracy: number }[] = [];
  for (const scope of scopes)
    for (const sparsity of sparsities) rows.push({ scope, sparsity, accuracy: await testAccuracy(applyMasks(w, magnitudeMasks(w, sparsity, scope)), test.x, test.labels) });
  return rows;
}

/** Global magnitude pruning in steps, fine-tuning after each with the mask held. */
export async function iterativePrune(w: CnnWeights, test: TestDigits, tune: { x: tf.Tensor4D; y: tf.Tensor2D }, schedule: number[], options: Omit<TrainWeightsOptions, "masks"> & { onStage?(sparsity: number): TrainWeightsOptions["onBatchEnd"] }) {
  schedule.forEach(checkSparsity);
  const rows: { sparsity: number; pruned: number; tuned: number }[] = [];
  let current = w;
  for (const sparsity of schedule) {
    const masks = magnitudeMasks(current, sparsity, "global");
    const pruned = await testAccuracy(applyMasks(current, masks), test.x, test.labels);
    current = (await trainWeights(current, tune.x, tune.y, { ...options, masks, onBatchEnd: options.onStage?.(sparsity) ?? options.onBatchEnd })).weights;
    rows.push({ sparsity, pruned, tuned: await testAccuracy(current, test.x, test.labels) });
  }
  return { rows, weights: current };
}

export async function rankSweep(w: CnnWeights, test: TestDigits, decomposition: Svd, ranks: number[]) {
  const [m, n] = w.dense1.kernel.shape;
  ranks.forEach((r) => checkRank(r, m, n));
  const rows: { rank: number; denseParameters: number; total: number; energy: number; accuracy: number }[] = [];
  for (const rank of ranks) {
    const factored = factoriseDense(w, decomposition, rank);
    rows.push({ rank, denseParameters: rank * (m + n), total: parameterCount(factored), energy: energyKept(decomposition.s, rank), accuracy: await testAccuracy(factored, test.x, test.labels) });
  }
  return rows;
}

/** Factorise dense1 at each rank, then train the factors (and every other weight) for a short
 * while: accuracy before and after, on the same test digits. */
export async function rankFinetune(w: CnnWeights, test: TestDigits, tune: { x: tf.Tensor4D; y: tf.Tensor2D }, decomposition: Svd, ranks: number[], options: Omit<TrainWeightsOptions, "masks" | "transform"> & { onRank?(rank: number): TrainWeightsOptions["onBatchEnd"] }) {
  const [m, n] = w.dense1.kernel.shape;
  ranks.forEach((r) => checkRank(r, m, n));
  const rows: { rank: number; parameters: number; before: number; after: number }[] = [];
  for (const rank of ranks) {
    const factored = factoriseDense(w, decomposition, rank);
    const before = await testAccuracy(factored, test.x, test.labels);
    const tuned = (await trainWeights(factored, tune.x, tune.y, { ...options, onBatchEnd: options.onRank?.(rank) ?? options.onBatchEnd })).weights;
    rows.push({ rank, parameters: parameterCount(tuned), before, after: await testAccuracy(tuned, test.x, test.labels) });
  }
  return rows;
}

/** Median ms per batch for each set of weights, measured one after another on the same batch. */
export async function latencies(models: CnnWeights[], batch: tf.Tensor4D): Promise<number[]> {
  const out: number[] = [];
  for (const m of models) out.push(await batchLatency(m, batch));
  return out;
}

/** Students trained from the same start: labels only (temperature null) or distilled. */
export async function trainStudents<T>(temperatures: (number | null)[], train: (temperature: number | null) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const t of temperatures) out.push(await train(t));
  return out;
}

/** Accuracy (unless known) and latency of each candidate. */
export async function compareAll<C extends { weights: CnnWeights; accuracy?: number }>(candidates: C[], test: TestDigits, batch: tf.Tensor4D): Promise<(C & { accuracy: number; latency: number })[]> {
  const out: (C & { accuracy: number; latency: number })[] = [];
  for (const c of candidates) out.push({ ...c, accuracy: c.accuracy ?? (await testAccuracy(c.weights, test.x, test.labels)), latency: await batchLatency(c.weights, batch) });
  return out;
}
