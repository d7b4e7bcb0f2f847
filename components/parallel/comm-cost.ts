// Arithmetic of 5.1 (src/ch5-1-parallel.md): bytes a data-parallel step moves, the pipeline
// bubble, and the checks on the reader's K, p and m (a Chinese message, nothing starts).

/** Bytes each worker sends (and receives the same) in a ring all-reduce of n values: 2(K−1)/K · n · bytes. */
export function ringAllReduceBytesPerWorker(workers: number, values: number, bytesPerValue = 4): number {
  return workers <= 1 ? 0 : (2 * (workers - 1) * values * bytesPerValue) / workers;
}

/** A parameter server: every worker sends its gradient (n values) and receives the parameters
 * (n values); the server's link carries K times that. */
export function parameterServerBytes(workers: number, values: number, bytesPerValue = 4): { perWorker: number; server: number } {
  const perWorker = workers <= 1 ? 0 : 2 * values * bytesPerValue;
  return { perWorker, server: workers * perWorker };
}

/** The idle share of a GPipe schedule with p equal stages and m micro-batches: (p−1)/(m+p−1). */
export function bubbleFraction(stages: number, microBatches: number): number {
  return (stages - 1) / (microBatches + stages - 1);
}

/** Throws a Chinese message unless `value` is an integer in [min, max]. */
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  const v = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof v !== "number" || Number.isNaN(v)) throw new RangeError(`${name} 不是数字（${String(value)}），什么也没有开始。`);
  if (!Number.isInteger(v)) throw new RangeError(`${name} 必须是整数（现在是 ${v}），什么也没有开始。`);
  if (v < min || v > max) throw new RangeError(`${name} 必须在 ${min} 到 ${max} 之间（现在是 ${v}），什么也没有开始。`);
  return v;
}

/** The number of workers to start: the request, at most `limit`; `note` says when it was capped. */
export function capWorkers(requested: unknown, hardwareThreads: number, limit = 4): { workers: number; note: string } {
  const k = checkInteger("Worker 个数 K", requested, 1, Number.MAX_SAFE_INTEGER);
  const cap = Math.max(1, Math.min(limit, hardwareThreads || 1));
  if (k <= cap) return { workers: k, note: "" };
  return { workers: cap, note: `要求 ${k} 个 Worker，但这台电脑报告 ${hardwareThreads} 个逻辑核，本节最多用 ${limit} 个：改为 ${cap} 个。` };
}

/** Byte counts as 1.2 MB / 340 KB / 12 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${Math.round(bytes)} B`;
}
