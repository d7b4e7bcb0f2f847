// Drives the inference server with test digits (第7章 7.2): the load generator's schedule,
// request i carrying digit i mod n, routed to a version, its answer checked against the
// digit's label. Also the batch-size sweep behind the trade-off chart.
import type { Arm, CanaryMetrics } from "./canary.js";
import type { ServingClient } from "./client.js";
import { runLoad, type LoadProgress, type LoadResult } from "./load-generator.js";
import { loadSchedule } from "./load-schedule.js";

export interface Digits {
  inputs: Float32Array[];
  labels: ArrayLike<number>;
}

export interface DriveOptions {
  schedule: number[];
  /** The version (model id) for request i, and its arm when a canary is running. */
  route: (i: number) => { modelId: string; arm?: Arm };
  metrics?: CanaryMetrics;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
}

export interface DriveResult extends LoadResult {
  /** Mean size of the batches the answered requests rode in. */
  meanBatch: number;
  correct: number;
}

export async function driveServer(server: ServingClient, digits: Digits, { schedule, route, metrics, onProgress, signal }: DriveOptions): Promise<DriveResult> {
  let batchSum = 0;
  let correct = 0;
  const n = digits.inputs.length;
  const result = await runLoad(
    schedule,
    async (i) => {
      const { modelId, arm } = route(i);
      try {
        const answer = await server.predict(modelId, digits.inputs[i % n]);
        const right = argmax(answer.output) === digits.labels[i % n];
        batchSum += answer.batchSize;
        if (right) correct += 1;
        if (arm) metrics?.record(arm, { latencyMs: answer.latencyMs, correct: right });
      } catch (error) {
        if (arm) metrics?.record(arm, { error: true });
        throw error;
      }
    },
    { onProgress, signal }
  );
  return { ...result, meanBatch: result.answered ? batchSum / result.answered : 0, correct };
}

export interface SweepRow {
  maxBatch: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  meanBatch: number;
  failed: number;
}

/** The same load at each max batch size: throughput and latency percentiles for each. */
export async function sweepBatchSizes(server: ServingClient, modelId: string, digits: Digits, { sizes, rate, durationS, maxWaitMs, onRow }: { sizes: number[]; rate: number; durationS: number; maxWaitMs: number; onRow?: (row: SweepRow) => void }): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const schedule = loadSchedule({ rate, durationS, seed: 11 });
  for (const maxBatch of sizes) {
    server.configure({ maxBatch, maxWaitMs, maxQueue: 10_000 });
    const r = await driveServer(server, digits, { schedule, route: () => ({ modelId }) });
    const row = { maxBatch, throughput: r.throughput, p50: r.summary.p50, p95: r.summary.p95, p99: r.summary.p99, meanBatch: r.meanBatch, failed: r.failed };
    rows.push(row);
    onRow?.(row);
  }
  return rows;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; ++k) if (values[k] > values[best]) best = k;
  return best;
}
