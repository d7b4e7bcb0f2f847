// The page's side of the inference server (第7章 7.2): starts the server in a Web Worker
// (or, when no Worker can start, on the page itself, and says so), loads model versions
// into it and sends requests, each answered with its output, its latency and the size of
// the batch it rode in.
import * as tf from "@book/tf";
import { checkBatcherOptions, type BatchRecord, type BatcherOptions } from "./micro-batcher.js";
import type { FromServer, Port, ServedArtifacts, ToServer } from "./protocol.js";
import { ServerCore } from "./server-core.js";
import { tfExecutor } from "./tf-executor.js";
import { SERVE_WORKER_PATH } from "./worker-path.js";
import { workerReady } from "../workers/startup.js";

/** A request whose input does not have the model's shape; refused before it is sent. */
export class InputShapeError extends Error {
  constructor(expected: number[], got: number) {
    super(`输入形状不对：模型要求 ${expected.join("×")} = ${expected.reduce((a, b) => a * b, 1)} 个数，这个请求有 ${got} 个。请求没有发送给服务器。`);
    this.name = "InputShapeError";
  }
}

export interface Prediction {
  output: Float32Array;
  latencyMs: number;
  batchSize: number;
}

interface Pending {
  resolve(message: FromServer): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class ServingClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly shapes = new Map<string, number[]>();
  private readonly batchListeners = new Set<(modelId: string, record: BatchRecord) => void>();
  private closed = false;

  constructor(
    private readonly port: Port,
    /** "worker": a Web Worker; "page": the page's own thread (the fallback). */
    readonly where: "worker" | "page",
    readonly backend: string,
    private readonly shutdown: () => void,
    private readonly timeoutMs = 30_000
  ) {
    port.onmessage = (event) => this.receive(event.data as FromServer);
  }

  /** Versions the server has loaded, with their input shapes. */
  get loaded(): string[] {
    return [...this.shapes.keys()];
  }

  configure(options: BatcherOptions): void {
    const checked = checkBatcherOptions(options);
    this.send({ type: "configure", ...checked });
  }

  /** Loads a version under `modelId`; the weights are copied, the stored ones stay as they are. */
  async load(modelId: string, artifacts: ServedArtifacts): Promise<{ inputShape: number[]; outputSize: number }> {
    const weightData = artifacts.weightData.slice(0);
    const answer = await this.call({ type: "load", id: 0, modelId, artifacts: { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData } }, [weightData]);
    if (answer.type !== "loaded") throw new Error("服务器没有确认加载");
    this.shapes.set(modelId, answer.inputShape);
    return { inputShape: answer.inputShape, outputSize: answer.outputSize };
  }

  async unload(modelId: string): Promise<void> {
    this.shapes.delete(modelId);
    await this.call({ type: "unload", id: 0, modelId });
  }

  async predict(modelId: string, input: ArrayLike<number>): Promise<Prediction> {
    const shape = this.shapes.get(modelId);
    if (!shape) throw new Error(`服务器上没有加载模型“${modelId}”（已加载：${this.loaded.join("、") || "无"}）`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (input.length !== size) throw new InputShapeError(shape, input.length);
    const copy = Float32Array.from(input);
    const start = performance.now();
    const answer = await this.call({ type: "predict", id: 0, modelId, input: copy }, [copy.buffer]);
    if (answer.type !== "prediction") throw new Error("服务器的回答不是预测结果");
    return { output: answer.output, latencyMs: performance.now() - start, batchSize: answer.batchSize };
  }

  onBatch(listener: (modelId: string, record: BatchRecord) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /** Stops the server; requests still waiting fail with a message. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.shutdown();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error("推理服务器已关闭（单元重新运行或页面关闭），这个请求没有得到回答"));
      this.pending.delete(id);
    }
  }

  private send(message: ToServer, transfer: Transferable[] = []): void {
    if (this.closed) throw new Error("推理服务器已关闭；重新运行启动服务器的单元");
    this.port.postMessage(message, transfer);
  }

  private call(message: Exclude<ToServer, { type: "configure" }>, transfer: Transferable[] = []): Promise<FromServer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`服务器 ${this.timeoutMs / 1000} 秒内没有回答（请求 ${message.type}）`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.send({ ...message, id } as ToServer, transfer);
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  private receive(message: FromServer): void {
    if (message.type === "batch") {
      for (const listener of this.batchListeners) listener(message.modelId, message.record);
      return;
    }
    if (!("id" in message)) return;
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.type === "error") p.reject(new Error(message.message));
    else p.resolve(message);
  }
}

export interface StartOptions {
  /** Makes the Worker. Pass `(url) => new Worker(url)` from the cell, so the notebook ends
   * the Worker when the cell reruns. Without it, the server runs on the page. */
  createWorker?: (url: URL) => Worker;
  /** The page's address, to resolve the Worker's file against (document.baseURI). */
  base?: string;
  startTimeoutMs?: number;
}

/** Starts the server in a Worker; if that fails, on the page, with `fallbackReason` saying why. */
export async function startServer({ createWorker, base = globalThis.document?.baseURI, startTimeoutMs = 20_000 }: StartOptions = {}): Promise<ServingClient & { fallbackReason?: string }> {
  let reason = "没有提供创建 Worker 的函数";
  if (createWorker && base) {
    let worker: Worker | undefined;
    try {
      worker = createWorker(new URL(SERVE_WORKER_PATH, base));
      const backend = await workerReady(worker, startTimeoutMs);
      const w = worker;
      return new ServingClient(worker as unknown as Port, "worker", backend, () => w.terminate());
    } catch (error) {
      worker?.terminate();
      reason = (error as Error).message;
    }
  }
  const client = pageServer();
  return Object.assign(client, { fallbackReason: reason });
}


/** The same server on the page's thread, connected through two plain port objects. */
function pageServer(): ServingClient {
  const clientPort: Port = { onmessage: null, postMessage: (message) => queueMicrotask(() => void core.handle(message as ToServer)) };
  const core = new ServerCore(tfExecutor(), (message) => queueMicrotask(() => clientPort.onmessage?.({ data: message } as MessageEvent)));
  return new ServingClient(clientPort, "page", tf.getBackend(), () => core.shutdown());
}
