// K workers for 5.1 (src/ch5-1-parallel.md): started with progress, each call answered or failed
// within a deadline (a worker that dies or never starts cannot hang the page), a worker that
// stops answering is marked dead. When no Worker can start, the same code runs on the page.
import { clock, type FromWorker, type Port, type ToWorker } from "./protocol.js";
import { WorkerCore } from "./worker-core.js";
import { PARALLEL_WORKER_PATH } from "./worker-path.js";
import { workerReady } from "../workers/startup.js";

type Done = Extract<FromWorker, { type: "done" }>;
/** What a call returns: the worker's answer plus when the page sent it and got it back. */
export type Answer = Done & { sent: number; received: number };
type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, "id"> : never) : never;

/** A worker was terminated or stopped answering. */
export class WorkerLostError extends Error {
  constructor(readonly worker: number, why: string) {
    super(`Worker ${worker} 失去联系（${why}）`);
    this.name = "WorkerLostError";
  }
}

export class TrainingWorker {
  alive = true;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(a: Answer): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout>; sent: number }>();

  constructor(readonly index: number, private readonly port: Port, private readonly stop: () => void, readonly backend: string) {
    port.onmessage = (event) => this.receive(event.data as FromWorker);
  }

  call(request: Request, transfer: Transferable[] = [], timeoutMs = 30_000): Promise<Answer> {
    if (!this.alive) return Promise.reject(new WorkerLostError(this.index, "已经停止"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.lose(`${(timeoutMs / 1000).toFixed(1)} 秒内没有回答`), timeoutMs);
      this.pending.set(id, { resolve, reject, timer, sent: clock() });
      this.port.postMessage({ ...request, id }, transfer);
    });
  }

  /** The fault button: terminates the worker and tells nobody. The page finds out the way a
   * real cluster does, when a call misses its deadline. */
  crash(): void {
    this.stop();
  }

  /** Terminates the worker (a missed deadline, or the end of the cell); waiting calls fail. */
  lose(why: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.stop();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new WorkerLostError(this.index, why));
      this.pending.delete(id);
    }
  }

  private receive(message: FromWorker): void {
    if (message.type !== "done" && message.type !== "error") return;
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.type === "error") p.reject(new Error(`Worker ${this.index}：${message.message}`));
    else p.resolve({ ...message, sent: p.sent, received: clock() });
  }
}

export interface PoolOptions {
  /** `(url) => new Worker(url)` from the cell, so the notebook also ends them on a rerun. */
  createWorker?: (url: URL) => Worker;
  base?: string;
  onProgress?: (message: string) => void;
  startTimeoutMs?: number;
}

/** Some workers to compute with (a view owns nothing: it cannot terminate them). */
export interface WorkerGroup {
  workers: TrainingWorker[];
  where: "worker" | "page";
  alive(): TrainingWorker[];
}

export interface WorkerPool extends WorkerGroup {
  /** Why the workers run on the page, when they do. */
  fallbackReason?: string;
  /** Runs `task` when no other task holds the pool: cells that share workers take turns, so
   * one cell's parameters never meet another cell's gradient request. */
  lock<T>(task: () => Promise<T>): Promise<T>;
  terminate(): void;
  dispose(): void;
}

/** The first k live workers of a pool, as a group that does not own them. */
export function firstWorkers(pool: WorkerGroup, k: number): WorkerGroup {
  const workers = pool.alive().slice(0, k);
  if (workers.length < k) throw new Error(`需要 ${k} 个 Worker，只有 ${workers.length} 个在运行；请重新运行启动 Worker 的单元。`);
  return { workers, where: pool.where, alive: () => workers.filter((w) => w.alive) };
}

/** Starts `count` workers one after another (each loads tfjs and WASM); on any failure, all
 * run on the page instead and `fallbackReason` says why. */
export async function startPool(count: number, { createWorker, base = globalThis.document?.baseURI, onProgress = () => {}, startTimeoutMs = 30_000 }: PoolOptions = {}): Promise<WorkerPool> {
  const workers: TrainingWorker[] = [];
  let reason = "没有提供创建 Worker 的函数";
  if (createWorker && base && typeof Worker !== "undefined") {
    try {
      for (let i = 0; i < count; i++) {
        onProgress(`正在启动 Worker ${i + 1}/${count}（加载 tfjs 与 WASM）…`);
        const worker = createWorker(new URL(PARALLEL_WORKER_PATH, base));
        const backend = await workerReady(worker, startTimeoutMs).catch((error) => {
          worker.terminate();
          throw error;
        });
        workers.push(new TrainingWorker(i, worker as unknown as Port, () => worker.terminate(), backend));
      }
      onProgress(`${count} 个 Worker 已启动（后端 ${workers[0].backend}）。`);
      return makePool(workers, "worker");
    } catch (error) {
      for (const w of workers) w.lose("启动失败");
      workers.length = 0;
      reason = (error as Error).message;
    }
  }
  onProgress(`Web Worker 无法启动（${reason}），改在页面主线程上运行。`);
  const { getBackend } = await import("@book/tf");
  for (let i = 0; i < count; i++) workers.push(pageWorker(i, getBackend()));
  return makePool(workers, "page", reason);
}

function makePool(workers: TrainingWorker[], where: "worker" | "page", fallbackReason?: string): WorkerPool {
  const terminate = () => workers.forEach((w) => w.lose("已关闭"));
  let turn: Promise<unknown> = Promise.resolve();
  const lock = <T>(task: () => Promise<T>): Promise<T> => {
    const run = turn.then(task, task);
    turn = run.catch(() => undefined);
    return run;
  };
  return { workers, where, fallbackReason, alive: () => workers.filter((w) => w.alive), lock, terminate, dispose: terminate };
}


/** The fallback: a WorkerCore on the page's thread behind a port, one message at a time. */
function pageWorker(index: number, backend: string): TrainingWorker {
  let stopped = false;
  let queue = Promise.resolve();
  const port: Port = {
    onmessage: null,
    postMessage: (message) => {
      queue = queue.then(() => (stopped ? undefined : core.handle(message as ToWorker)));
    }
  };
  const core = new WorkerCore((message) => queueMicrotask(() => !stopped && port.onmessage?.({ data: message } as MessageEvent)));
  return new TrainingWorker(index, port, () => (stopped = true), backend);
}
