// Runs a load schedule against a server (第7章 7.2): request i is sent at schedule[i] ms
// after the start whether or not earlier ones have been answered (an "open" load, as real
// users are), and the run stops by itself when the schedule is done and every request has
// been answered or has failed.
import { summarizeLatencies, type LatencySummary } from "./percentiles.js";

export interface LoadProgress {
  sent: number;
  answered: number;
  failed: number;
  elapsedMs: number;
  /** Latencies (ms) of the answered requests so far, in the order they were answered. */
  latencies: number[];
}

export interface LoadResult extends LoadProgress {
  summary: LatencySummary;
  /** Answered requests per second, over the whole run. */
  throughput: number;
  /** The distinct error messages and how often each came. */
  errors: Map<string, number>;
  stopped: boolean;
}

/** `send(i)` starts request i and resolves when it is answered. */
export async function runLoad(
  schedule: number[],
  send: (index: number) => Promise<unknown>,
  { onProgress, signal, progressEveryMs = 200 }: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal; progressEveryMs?: number } = {}
): Promise<LoadResult> {
  const start = performance.now();
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const pending: Promise<void>[] = [];
  let failed = 0;
  let next = 0;
  let lastReport = 0;
  const progress = (): LoadProgress => ({ sent: next, answered: latencies.length, failed, elapsedMs: performance.now() - start, latencies });
  const report = () => {
    const now = performance.now();
    if (onProgress && now - lastReport >= progressEveryMs) {
      lastReport = now;
      onProgress(progress());
    }
  };
  while (next < schedule.length && !signal?.aborted) {
    const now = performance.now() - start;
    while (next < schedule.length && schedule[next] <= now) {
      const sentAt = performance.now();
      pending.push(
        send(next).then(
          () => void latencies.push(performance.now() - sentAt),
          (error: Error) => {
            failed += 1;
            errors.set(error.message, (errors.get(error.message) ?? 0) + 1);
          }
        )
      );
      next += 1;
    }
    report();
    if (next < schedule.length) await new Promise((r) => setTimeout(r, Math.max(0, schedule[next] - (performance.now() - start))));
  }
  await Promise.all(pending);
  const elapsedMs = performance.now() - start;
  onProgress?.(progress());
  return { ...progress(), elapsedMs, summary: summarizeLatencies(latencies), throughput: latencies.length / (elapsedMs / 1000), errors, stopped: next < schedule.length };
}
