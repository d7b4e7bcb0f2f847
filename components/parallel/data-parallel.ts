// Synchronous data parallelism over a WorkerPool (5.1, src/ch5-1-parallel.md): the global batch
// is split into one shard per live worker, each worker returns the mean-loss gradient of its
// shard, the page averages them (the all-reduce, here through the page) and every replica
// applies the same average. If a worker is lost mid-step, the step is redone with the workers
// left: nothing has been applied yet, so no parameter is half-updated and no step is lost.
import { parameterCount, sgdUpdate } from "./mlp.js";
import { clock } from "./protocol.js";
import { WorkerLostError, type Answer, type TrainingWorker, type WorkerGroup } from "./pool.js";
import type { Span } from "./timeline.js";

export interface Batch {
  x: Float32Array; // n × inputs
  labels: Uint8Array;
  n: number;
  inputs: number;
}

export interface StepResult {
  loss: number;
  /** Workers that computed this step. */
  workers: number;
  spans: Span[];
  /** Bytes that crossed between the page and the workers (gradients in, averages out). */
  bytes: number;
  /** Workers lost during this step (the step was then redone without them). */
  lost: number[];
}

export interface DataParallelOptions {
  lr: number;
  /** Extra milliseconds before worker i computes (a straggler), by worker index. */
  delays?: number[];
  timeoutMs?: number;
}

/** Rows [start, end) of a batch. */
export function shardOf(batch: Batch, start: number, end: number): Batch {
  return { x: batch.x.slice(start * batch.inputs, end * batch.inputs), labels: batch.labels.slice(start, end), n: end - start, inputs: batch.inputs };
}

/** Equal shards (the mean of shard means equals the batch mean only when the sizes are equal). */
export function splitBatch(batch: Batch, k: number): Batch[] {
  if (batch.n % k !== 0) throw new RangeError(`批大小 ${batch.n} 不能被 ${k} 个 Worker 整除：各份大小不等时，各份平均梯度的平均不等于整批梯度。`);
  const size = batch.n / k;
  return Array.from({ length: k }, (_, i) => shardOf(batch, i * size, (i + 1) * size));
}

/** The average of K gradients. */
export function averageGradients(gradients: Float32Array[]): Float32Array {
  const out = new Float32Array(gradients[0].length);
  for (const g of gradients) for (let i = 0; i < out.length; i++) out[i] += g[i];
  for (let i = 0; i < out.length; i++) out[i] /= gradients.length;
  return out;
}

export class DataParallelTrainer {
  /** The page's copy of the parameters (what a new or surviving replica is checked against). */
  readonly params: Float32Array;

  constructor(readonly pool: WorkerGroup, readonly sizes: number[], initial: Float32Array) {
    this.params = Float32Array.from(initial);
  }

  /** Sends the parameters to every live worker (a replica each). */
  async broadcast(): Promise<void> {
    await Promise.all(this.pool.alive().map((w) => w.call({ type: "set", sizes: this.sizes, params: this.params })));
  }

  /** Only the gradients: the average of the shards' gradients and the shards' mean loss. */
  async gradient(batch: Batch, options: Omit<DataParallelOptions, "lr"> = {}): Promise<{ gradient: Float32Array; loss: number; answers: Answer[]; workers: TrainingWorker[]; lost: number[] }> {
    const lost: number[] = [];
    for (;;) {
      const workers = this.pool.alive();
      if (workers.length === 0) throw new Error("所有 Worker 都已停止，训练无法继续。重新运行这个单元会重新启动它们。");
      const shards = splitBatch(batch, workers.length);
      try {
        const answers = await Promise.all(
          workers.map((w, i) => w.call({ type: "gradient", x: shards[i].x, labels: shards[i].labels, n: shards[i].n, delayMs: options.delays?.[w.index] ?? 0 }, [shards[i].x.buffer], options.timeoutMs))
        );
        const loss = answers.reduce((a, b) => a + (b.loss ?? 0), 0) / answers.length;
        return { gradient: averageGradients(answers.map((a) => a.data!)), loss, answers, workers, lost };
      } catch (error) {
        if (!(error instanceof WorkerLostError)) throw error;
        lost.push(error.worker);
        // The step is redone by the workers left; no replica has applied anything yet.
      }
    }
  }

  /** One synchronous step. */
  async step(batch: Batch, options: DataParallelOptions): Promise<StepResult> {
    const stepStart = clock();
    const { gradient, loss, answers, workers, lost } = await this.gradient(batch, options);
    const averaged = clock();
    // Every replica applies the same averaged gradient; the page's copy too.
    let applied: Answer[];
    try {
      applied = await Promise.all(workers.map((w) => w.call({ type: "apply", gradient, lr: options.lr }, [], options.timeoutMs)));
    } catch (error) {
      if (!(error instanceof WorkerLostError)) throw error;
      // A worker died while applying: the others have the new parameters; replicas that are
      // left are re-synchronised from the page's copy below, so nothing diverges.
      lost.push(error.worker);
      sgdUpdate(this.params, gradient, options.lr);
      await this.broadcast();
      return { loss, workers: this.pool.alive().length, spans: [], bytes: 0, lost };
    }
    sgdUpdate(this.params, gradient, options.lr);
    const n = parameterCount(this.sizes);
    return { loss, workers: workers.length, spans: stepSpans(answers, applied, workers, stepStart, averaged), bytes: 2 * workers.length * n * 4, lost };
  }

  /** Largest difference between any live replica and the page's copy (0 when nothing diverged). */
  async replicaDrift(): Promise<number> {
    const copies = await Promise.all(this.pool.alive().map((w) => w.call({ type: "params" })));
    let m = 0;
    for (const c of copies) for (let i = 0; i < c.data!.length; i++) m = Math.max(m, Math.abs(c.data![i] - this.params[i]));
    return m;
  }
}

function stepSpans(grads: Answer[], applies: Answer[], workers: TrainingWorker[], stepStart: number, averaged: number): Span[] {
  const spans: Span[] = [];
  workers.forEach((w, i) => {
    const row = `Worker ${w.index}`;
    const g = grads[i];
    const a = applies[i];
    spans.push({ row, start: g.sent, end: g.start, kind: "通信" });
    if (g.delayEnd && g.delayEnd - g.start > 0.5) spans.push({ row, start: g.start, end: g.delayEnd, kind: "拖慢" });
    spans.push({ row, start: g.delayEnd ?? g.start, end: g.end, kind: "计算" });
    spans.push({ row, start: g.end, end: g.received, kind: "通信" });
    spans.push({ row, start: g.received, end: averaged, kind: "等待" });
    spans.push({ row, start: a.sent, end: a.start, kind: "通信" });
    spans.push({ row, start: a.start, end: a.end, kind: "更新" });
  });
  spans.push({ row: "页面（平均）", start: stepStart, end: averaged, kind: "等待" });
  return spans;
}
