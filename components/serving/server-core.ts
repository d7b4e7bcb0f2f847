// The inference server itself (第7章 7.2), independent of tfjs and of where it runs: models
// by id, one micro-batcher per model (requests for different versions are never batched
// together), and the message loop. `executor` does the tfjs work (tf-executor.ts).
import { MicroBatcher, type BatcherOptions, type Clock, realClock } from "./micro-batcher.js";
import type { FromServer, ServedArtifacts, ToServer } from "./protocol.js";

export interface Executor {
  /** Builds the model; returns its input shape without the batch axis and its output size. */
  load(modelId: string, artifacts: ServedArtifacts): Promise<{ inputShape: number[]; outputSize: number }>;
  unload(modelId: string): void;
  /** `inputs` is `count` examples one after the other; returns `count` outputs likewise. */
  predict(modelId: string, inputs: Float32Array, count: number): Promise<Float32Array>;
}

interface Served {
  inputShape: number[];
  inputSize: number;
  outputSize: number;
  batcher: MicroBatcher<Float32Array, Answer>;
}

interface Answer {
  output: Float32Array;
  batchSize: number;
}

export class ServerCore {
  private readonly models = new Map<string, Served>();
  private options: BatcherOptions = { maxBatch: 8, maxWaitMs: 5, maxQueue: 10_000 };

  constructor(
    private readonly executor: Executor,
    private readonly post: (message: FromServer, transfer?: Transferable[]) => void,
    private readonly clock: Clock = realClock
  ) {}

  async handle(message: ToServer): Promise<void> {
    try {
      if (message.type === "configure") this.configure(message);
      else if (message.type === "load") await this.load(message.id, message.modelId, message.artifacts);
      else if (message.type === "unload") this.unload(message.id, message.modelId);
      else await this.predict(message.id, message.modelId, message.input);
    } catch (error) {
      if ("id" in message) this.post({ type: "error", id: message.id, message: (error as Error).message });
    }
  }

  /** Unloads every model (their tensors are freed); waiting requests fail with a message. */
  shutdown(): void {
    for (const modelId of [...this.models.keys()]) this.unload(-1, modelId);
  }

  private configure(options: BatcherOptions): void {
    // Each model gets a new batcher with the new settings; requests already waiting finish
    // on the old one (it keeps running until its queue is empty).
    const next = { maxBatch: options.maxBatch, maxWaitMs: options.maxWaitMs, maxQueue: options.maxQueue ?? 10_000 };
    for (const [modelId, served] of this.models) served.batcher = this.batcherFor(modelId, next);
    this.options = next;
  }

  private async load(id: number, modelId: string, artifacts: ServedArtifacts): Promise<void> {
    if (this.models.has(modelId)) this.unload(-1, modelId);
    const { inputShape, outputSize } = await this.executor.load(modelId, artifacts);
    const inputSize = inputShape.reduce((a, b) => a * b, 1);
    this.models.set(modelId, { inputShape, inputSize, outputSize, batcher: this.batcherFor(modelId, this.options) });
    this.post({ type: "loaded", id, modelId, inputShape, outputSize });
  }

  private unload(id: number, modelId: string): void {
    const served = this.models.get(modelId);
    this.models.delete(modelId);
    served?.batcher.drain(new Error(`模型“${modelId}”已从服务器下线，等待中的请求被取消`));
    this.executor.unload(modelId);
    if (id >= 0) this.post({ type: "unloaded", id });
  }

  private async predict(id: number, modelId: string, input: Float32Array): Promise<void> {
    const served = this.models.get(modelId);
    if (!served) throw new Error(`服务器上没有模型“${modelId}”（可能已被下线或回滚）；已加载：${[...this.models.keys()].join("、") || "无"}`);
    if (input.length !== served.inputSize) throw new Error(`输入形状不对：模型要求 ${served.inputShape.join("×")} = ${served.inputSize} 个数，这个请求有 ${input.length} 个`);
    const { output, batchSize } = await served.batcher.submit(input);
    this.post({ type: "prediction", id, output, batchSize }, [output.buffer]);
  }

  private batcherFor(modelId: string, options: BatcherOptions): MicroBatcher<Float32Array, Answer> {
    return new MicroBatcher(
      async (inputs) => {
        const served = this.models.get(modelId);
        if (!served) throw new Error(`模型“${modelId}”已从服务器下线`);
        const joined = new Float32Array(inputs.length * served.inputSize);
        inputs.forEach((x, i) => joined.set(x, i * served.inputSize));
        const out = await this.executor.predict(modelId, joined, inputs.length);
        return inputs.map((_, i) => ({ output: out.slice(i * served.outputSize, (i + 1) * served.outputSize), batchSize: inputs.length }));
      },
      options,
      this.clock,
      (record) => this.post({ type: "batch", modelId, record })
    );
  }
}
