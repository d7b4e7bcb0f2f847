// Samples per second of synchronous data parallelism with K workers (5.1,
// src/ch5-1-parallel.md), and where each step's time went: the slowest worker's computing, the
// messages (page ↔ workers, including queueing) and the averaging and update.
import { DataParallelTrainer, type Batch } from "./data-parallel.js";
import { clock } from "./protocol.js";
import type { WorkerGroup } from "./pool.js";

export interface Throughput {
  workers: number;
  steps: number;
  samplesPerSecond: number;
  /** Mean milliseconds per step, and the part of it the slowest worker spent computing. */
  stepMs: number;
  computeMs: number;
}

/** One warm-up step, then `steps` timed steps over `batches` (taken in turn). */
export async function measureThroughput(group: WorkerGroup, sizes: number[], initial: Float32Array, batches: Batch[], steps: number, lr = 0.1): Promise<Throughput> {
  const trainer = new DataParallelTrainer(group, sizes, initial);
  await trainer.broadcast();
  await trainer.step(batches[0], { lr });
  let compute = 0;
  let samples = 0;
  const start = clock();
  for (let i = 0; i < steps; i++) {
    const batch = batches[i % batches.length];
    const result = await trainer.step(batch, { lr });
    compute += Math.max(...result.spans.filter((s) => s.kind === "计算").map((s) => s.end - s.start));
    samples += batch.n;
  }
  const elapsed = clock() - start;
  return { workers: group.workers.length, steps, samplesPerSecond: (1000 * samples) / elapsed, stepMs: elapsed / steps, computeMs: compute / steps };
}
