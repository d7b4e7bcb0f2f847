// Micro-batching (第7章 7.2): requests that arrive close together are run through the
// model as one batch. A batch is sent as soon as `maxBatch` requests wait, or when the
// oldest has waited `maxWaitMs`, whichever comes first; one batch runs at a time (one
// model, one executor), and what arrives meanwhile waits for the next batch. The same
// rule as TF Serving's `max_batch_size` / `batch_timeout_micros`.
import { BoundedQueue } from "./queue.js";

export interface BatcherOptions {
  maxBatch: number;
  maxWaitMs: number;
  /** Requests that may wait at once; more are refused with QueueFullError. */
  maxQueue?: number;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>)
};

export interface BatchRecord {
  size: number;
  /** How long the oldest request of the batch had waited when the batch started. */
  waitedMs: number;
  runMs: number;
}

interface Waiting<T, R> {
  item: T;
  arrived: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** Checks the reader's settings; the message says which one is wrong and why. */
export function checkBatcherOptions({ maxBatch, maxWaitMs, maxQueue = 10_000 }: BatcherOptions): Required<BatcherOptions> {
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1 && maxBatch <= 1024)) throw new RangeError(`最大批大小必须是 1–1024 之间的整数，收到 ${maxBatch}`);
  if (!(Number.isFinite(maxWaitMs) && maxWaitMs >= 0 && maxWaitMs <= 1000)) throw new RangeError(`最长等待必须在 0–1000 毫秒之间，收到 ${maxWaitMs}`);
  if (!(Number.isInteger(maxQueue) && maxQueue >= maxBatch)) throw new RangeError(`队列上限（${maxQueue}）不能小于最大批大小（${maxBatch}）`);
  return { maxBatch, maxWaitMs, maxQueue };
}

export class MicroBatcher<T, R> {
  private readonly queue: BoundedQueue<Waiting<T, R>>;
  private readonly options: Required<BatcherOptions>;
  private timer: unknown = null;
  private busy = false;

  /** `run` gets the items of one batch and returns one result per item, in order. */
  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    options: BatcherOptions,
    private readonly clock: Clock = realClock,
    private readonly onBatch: (record: BatchRecord) => void = () => undefined
  ) {
    this.options = checkBatcherOptions(options);
    this.queue = new BoundedQueue(this.options.maxQueue);
  }

  get waiting(): number {
    return this.queue.size;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, arrived: this.clock.now(), resolve, reject });
      this.schedule();
    });
  }

  /** Refuses everything still waiting (the server is shutting down or the model went away). */
  drain(error: unknown): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const waiting of this.queue.take(this.queue.size)) waiting.reject(error);
  }

  private schedule(): void {
    if (this.busy || this.queue.size === 0) return;
    const waited = this.clock.now() - this.queue.peek()!.arrived;
    if (this.queue.size >= this.options.maxBatch || waited >= this.options.maxWaitMs) {
      if (this.timer !== null) this.clock.clearTimeout(this.timer);
      this.timer = null;
      void this.flush();
    } else if (this.timer === null) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, this.options.maxWaitMs - waited);
    }
  }

  private async flush(): Promise<void> {
    this.busy = true;
    const start = this.clock.now();
    const batch = this.queue.take(this.options.maxBatch);
    try {
      const results = await this.run(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`模型返回了 ${results.length} 个结果，批里有 ${batch.length} 个请求`);
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.onBatch({ size: batch.length, waitedMs: start - batch[0].arrived, runMs: this.clock.now() - start });
      this.busy = false;
      this.schedule();
    }
  }
}
