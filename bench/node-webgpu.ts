// `npm run bench -- --node-webgpu`: the book's models trained on tfjs's WebGPU backend in
// Node over Dawn (npm package `webgpu`), on whatever Vulkan adapter the machine has: a real
// GPU, or a software one (Mesa's lavapipe). Same builders, data and fit()/trainSteps() as the
// browser lanes (components/bench/throughput.ts), at several batch sizes, with the kernels,
// dispatches and uploads of one training step, and PyTorch on the same machine beside it.
// bench/node-webgpu-main.ts runs this from a self-contained bundle (a GPU host may have no Node).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import * as tf from "@book/tf";
import { registerWebGPUKernelFixes } from "../components/backend/webgpu-kernels.js";
import { registerFusedAdam } from "../components/backend/fused-adam.js";
import { registerFusedLstm } from "../components/backend/fused-lstm.js";
import { registerFusedLstmWebGPU } from "../components/backend/fused-lstm-webgpu.js";
import { registerLstmSequence } from "../components/backend/fused-lstm-seq.js";
import { registerFusedTransformerKernels } from "../components/backend/fused-transformer.js";
import { registerFusedTransformerWebGPU } from "../components/backend/fused-transformer-webgpu.js";
import { benchTraining, type BenchData, type BenchRequest, type ThroughputResult } from "../components/bench/throughput.js";
import { runPytorch, type PytorchResult } from "./pytorch.js";

export type NodeModel = BenchRequest["model"];
export const NODE_MODELS: NodeModel[] = ["cnn", "lstm", "transformer"];

export interface NodeLaneOptions {
  models: NodeModel[];
  batchSizes: number[];
  /** Timed batches per run, repeated until minSeconds have passed. */
  batches: number;
  minSeconds: number;
  warmupBatches: number;
  countBatches: number;
  /** "webgpu" (the lane) or "cpu" (tfjs's JavaScript backend, for comparing counts). */
  backend: "webgpu" | "cpu";
  /** PyTorch reference beside each row: on the GPU ("cuda"), the CPU, or none. */
  pytorch: "cuda" | "cpu" | "none";
  /** dawn.node to load instead of the `webgpu` package (the bundle carries its own). */
  dawn?: string;
  log?: (message: string) => void;
  /** Called after each row with the run so far (the bundle saves it: a run cut short keeps its rows). */
  onRow?: (run: NodeLaneRun) => void;
}

export interface NodeLaneRow {
  model: NodeModel;
  batchSize: number;
  /** The run's figures, or why there are none. */
  result: ThroughputResult | { skipped: string };
  /** WebGPU errors (invalid shaders, dropped command buffers) seen during the run: a run with
   * any trained on garbage, and its figures are not a speed. */
  gpuErrors: string[];
  reference: PytorchResult | null;
}

export interface NodeLaneRun {
  backend: string;
  /** "vendor architecture device description" as the adapter reports it; "" on cpu. */
  adapter: string;
  adapterIsSoftware: boolean;
  runtime: string;
  options: Omit<NodeLaneOptions, "log" | "dawn" | "onRow">;
  rows: NodeLaneRow[];
}

interface GpuLike {
  requestAdapter(options?: object): Promise<AdapterLike | null>;
}
interface AdapterLike {
  info?: Record<string, unknown>;
  isFallbackAdapter?: boolean;
}

/** Gives Node a navigator.gpu from Dawn; returns the adapter's name. Throws a clear message
 * where there is no Vulkan adapter (the lane is then skipped, nothing else depends on it). */
export async function installDawn(dawn?: string): Promise<{ adapter: string; isSoftware: boolean; version: string }> {
  const binding = (dawn ? createRequire(import.meta.url)(resolve(dawn)) : await import("webgpu")) as { create(flags: string[]): GpuLike; globals: object };
  Object.assign(globalThis, binding.globals);
  const gpu = binding.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error("Dawn 找不到 Vulkan 适配器（没有 GPU 驱动，也没有 Mesa 25 的 lavapipe；见 docs/benchmarks.md 的“WebGPU 原生通道 Node + Dawn”一节与 README）。No Vulkan adapter: the node-webgpu lane needs a GPU driver or Mesa ≥ 25's lavapipe (VK_DRIVER_FILES).");
  Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  const info = adapter.info ?? {};
  const name = ["vendor", "architecture", "device", "description"].map((key) => String(info[key] ?? "")).filter(Boolean).join(" ") || "unknown";
  const version = dawn ? "dawn.node from the bundle" : `npm webgpu ${(createRequire(import.meta.url)("webgpu/package.json") as { version: string }).version}`;
  return { adapter: name, isSoftware: adapter.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader/i.test(name), version };
}

/** Collects the WebGPU device's uncaptured errors while a run trains. */
function watchGpuErrors(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const device = (tf.backend() as unknown as { device?: EventTarget & { onuncapturederror?: unknown } }).device;
  if (!device?.addEventListener) return { errors, stop() {} };
  const listener = (event: Event) => errors.push(String((event as Event & { error?: { message?: string } }).error?.message ?? event.type).split("\n")[0]);
  device.addEventListener("uncapturederror", listener);
  return { errors, stop: () => device.removeEventListener("uncapturederror", listener) };
}

/** Each model at each batch size, one after the other, with fresh weights. */
export async function runNodeLane(data: BenchData, options: NodeLaneOptions): Promise<NodeLaneRun> {
  const log = options.log ?? (() => {});
  let adapter = "";
  let isSoftware = false;
  let runtime = `Node ${process.version}, tfjs ${tf.version.tfjs}`;
  if (options.backend === "webgpu") {
    const dawn = await installDawn(options.dawn);
    adapter = dawn.adapter;
    isSoftware = dawn.isSoftware;
    runtime += `, ${dawn.version}${process.env.VK_DRIVER_FILES ? `, VK_DRIVER_FILES=${process.env.VK_DRIVER_FILES}` : ""}`;
    // Registered on import only where navigator.gpu exists, so after installDawn.
    await import("@tensorflow/tfjs-backend-webgpu");
    // The browser bundle (packages/tf/browser-entry.js) registers the same fix: without it
    // the LSTM's masked Transpose does not compile and trains on garbage.
    const fixes = registerWebGPUKernelFixes();
    runtime += fixes.length ? `, kernel fixes: ${fixes.join("; ")}` : "";
  }
  // The book's fused kernels, as the browser bundle registers them (each only on the
  // backends it has an implementation for), so both lanes measure the same training.
  registerFusedAdam();
  registerFusedLstm();
  registerFusedLstmWebGPU();
  registerLstmSequence();
  registerFusedTransformerKernels();
  registerFusedTransformerWebGPU();
  if (!(await tf.setBackend(options.backend))) throw new Error(`tfjs could not start its ${options.backend} backend`);
  await tf.ready();
  log(`backend ${tf.getBackend()}${adapter ? `, adapter "${adapter}" (${isSoftware ? "software" : "hardware"})` : ""}`);
  const { log: _log, dawn: _dawn, onRow, ...recorded } = options;
  const run: NodeLaneRun = { backend: tf.getBackend(), adapter, adapterIsSoftware: isSoftware, runtime, options: recorded, rows: [] };
  for (const model of options.models) {
    for (const batchSize of options.batchSizes) {
      const request: BenchRequest = { model, size: "full", batchSize, warmupBatches: options.warmupBatches, batches: options.batches, minSeconds: options.minSeconds, countBatches: options.countBatches };
      const before = tf.memory().numTensors;
      const watch = watchGpuErrors();
      const result = await benchTraining(data, request).catch((error: Error) => ({ skipped: String(error.message).split("\n")[0] }));
      watch.stop();
      const leaked = tf.memory().numTensors - before;
      if (leaked) log(`  ${leaked} tensors leaked by this run`);
      const reference = options.pytorch === "none" ? null : await runPytorch(data, { ...request, batches: options.batches }, { device: options.pytorch });
      run.rows.push({ model, batchSize, result, gpuErrors: [...new Set(watch.errors)], reference });
      onRow?.(run);
      const counts = "counts" in result && result.counts ? `; ${result.counts.kernelsPerStep} kernels, ${result.counts.dispatchesPerStep ?? "–"} dispatches, ${result.counts.uploadsPerStep ?? "–"} uploads per step` : "";
      log(`  ${model} × ${batchSize}: ${"skipped" in result ? `skipped (${result.skipped})` : `${result.samplesPerSecond.toFixed(1)} samples/s over ${result.batches} batches, loss ${result.firstLoss.toFixed(4)} → ${result.lastLoss.toFixed(4)}${counts}`}${watch.errors.length ? `; ${watch.errors.length} WebGPU errors: ${watch.errors[0]}` : ""}${reference ? `; PyTorch ${options.pytorch}: ${reference.available ? `${reference.samplesPerSecond.toFixed(1)} samples/s` : reference.reason}` : ""}`);
    }
  }
  return run;
}

/** --batch-sizes 64,256,1024 and friends, shared by run.ts and the bundle's entry. */
export function laneDefaults(): Omit<NodeLaneOptions, "log" | "dawn" | "onRow"> {
  return { models: [...NODE_MODELS], batchSizes: [64, 256, 1024], batches: 12, minSeconds: 3, warmupBatches: 5, countBatches: 2, backend: "webgpu", pytorch: "none" };
}
