// The fused Adam update (components/backend/fused-adam.ts) against tfjs's own Adam on the
// book's three benchmarked models (components/bench/throughput.ts, batch 64), in Node:
//   counts   kernels per training step (and on webgpu dispatches and uploads), both ways
//   speed    training samples/s, fused and tfjs's Adam interleaved (ABAB…), each run ≥ --seconds;
//            prints median and range per model and of the paired ratios, and the load average;
//            also the process's CPU time per batch (user + system, warm-up included), which a
//            shared machine's load disturbs far less than the wall-clock samples/s
// tsx scripts/fused-adam-speed.ts counts|speed [--backend wasm|cpu|webgpu] [--reps 5] [--seconds 3] [--models cnn,lstm,transformer]
// WASM runs on one thread here (Node, no cross-origin isolation). webgpu needs a Vulkan
// adapter (tests/backend/fused-adam-webgpu.test.ts's header says how to use Mesa's lavapipe).
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { FUSED_ADAM, registerFusedAdam } from "../components/backend/fused-adam.js";
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from "../components/backend/wasm-kernels.js";
import { registerWebGPUKernelFixes } from "../components/backend/webgpu-kernels.js";
import { benchTraining, type BenchData, type BenchRequest } from "../components/bench/throughput.js";
import { decodeMnist } from "../components/data/mnist-format.js";
import { loadNames } from "../components/data/names.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { backend: { type: "string", default: "wasm" }, reps: { type: "string", default: "5" }, seconds: { type: "string", default: "3" }, models: { type: "string", default: "cnn,lstm,transformer" } }
});
const models = values.models!.split(",") as BenchRequest["model"][];
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const loader = (file: string) => execFileSync(process.execPath, ["--import", "tsx", join(root, "data", file)], { cwd: root, maxBuffer: 64 << 20 });
const data: BenchData = { mnist: await decodeMnist(loader("mnist.bin.ts")), names: await loadNames(loader("names.json.ts").toString("utf8")) };

if (values.backend === "webgpu") {
  const { create, globals } = (await import("webgpu")) as unknown as { create(flags: string[]): object; globals: object };
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, "navigator", { value: { gpu: create([]) }, configurable: true, writable: true });
  await import("@tensorflow/tfjs-backend-webgpu");
  registerWebGPUKernelFixes();
}
registerWasmTrainingKernels();
registerCpuTrainingKernels();
registerFusedAdam();
if (!(await tf.setBackend(values.backend!))) throw new Error(`no ${values.backend} backend`);
const kernel = tf.getKernel(FUSED_ADAM, tf.getBackend())!;

/** Runs `f` with tfjs's own Adam (the fused kernel unregistered) or the fused one. */
async function withAdam<T>(fused: boolean, f: () => Promise<T>): Promise<T> {
  if (fused) return f();
  tf.unregisterKernel(FUSED_ADAM, tf.getBackend());
  try {
    return await f();
  } finally {
    tf.registerKernel(kernel);
  }
}

const request = (model: BenchRequest["model"], extra: Partial<BenchRequest>): BenchRequest => ({ model, size: "full", batchSize: 64, warmupBatches: 5, batches: 12, ...extra });
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const range = (xs: number[], digits = 0) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

console.log(`${positionals[0] ?? "counts"} on ${tf.getBackend()}, Node ${process.version}, tfjs ${tf.version.tfjs}; load average ${load()}`);
if ((positionals[0] ?? "counts") === "counts") {
  for (const model of models) {
    const line: string[] = [];
    for (const fused of [false, true]) {
      const result = await withAdam(fused, () => benchTraining(data, request(model, { warmupBatches: 2, batches: 3, countBatches: 2 })));
      const c = result.counts!;
      line.push(`${fused ? "fused" : "tfjs"} ${c.kernelsPerStep} kernels${c.dispatchesPerStep != null ? `, ${c.dispatchesPerStep} dispatches, ${c.uploadsPerStep} uploads` : ""} (top: ${c.topKernels.slice(0, 4).map((k) => `${k.name} ${k.perStep}`).join(", ")})`);
    }
    console.log(`${model}: ${line.join(" | ")}`);
  }
} else {
  const reps = Number(values.reps);
  for (const model of models) {
    const speeds: Record<"tfjs" | "fused", number[]> = { tfjs: [], fused: [] };
    const cpuMs: Record<"tfjs" | "fused", number[]> = { tfjs: [], fused: [] };
    const losses = new Set<string>();
    for (let r = 0; r < reps; r++) {
      for (const fused of r % 2 ? [true, false] : [false, true]) {
        const cpu = process.cpuUsage();
        const result = await withAdam(fused, () => benchTraining(data, request(model, { minSeconds: Number(values.seconds) })));
        const used = process.cpuUsage(cpu);
        speeds[fused ? "fused" : "tfjs"].push(result.samplesPerSecond);
        cpuMs[fused ? "fused" : "tfjs"].push((used.user + used.system) / 1000 / (result.batches + 5));
        losses.add(`${fused ? "fused" : "tfjs"} ${result.firstLoss.toFixed(6)} → ${result.lastLoss.toFixed(6)}`);
      }
    }
    const ratios = speeds.fused.map((s, i) => s / speeds.tfjs[i]);
    const cpuRatios = cpuMs.fused.map((s, i) => s / cpuMs.tfjs[i]);
    console.log(`${model}: tfjs ${range(speeds.tfjs)} samples/s, fused ${range(speeds.fused)}; fused/tfjs ${range(ratios, 3)} over ${reps} pairs; CPU ms per batch tfjs ${range(cpuMs.tfjs, 2)}, fused ${range(cpuMs.fused, 2)}, fused/tfjs ${range(cpuRatios, 3)}; losses ${[...losses].join(", ")}; load ${load()}`);
  }
}
