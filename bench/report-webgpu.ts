// The parts of docs/benchmarks.md made from the node-webgpu lane (bench/node-webgpu.ts): its
// samples/s beside PyTorch's and the browser's 2-core WASM, per adapter, and what one training
// step costs in kernels, dispatches and uploads.
import type { StepCounts } from "../components/bench/step-counts.js";
import type { ThroughputResult } from "../components/bench/throughput.js";
import type { NodeLaneRow, NodeLaneRun } from "./node-webgpu.js";

export interface LaneFile {
  date: string;
  commands: { run: string };
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; loadAverage?: number };
  nodeWebgpu: NodeLaneRun;
}

/** A browser training row with its counts (bench/parts.ts's rows, as the report sees them). */
export interface CountedRow {
  model: string;
  backend: string;
  batchSize: number;
  counts?: StepCounts;
}

const MODEL_NAMES: Record<string, string> = { cnn: "3.2 CNN", lstm: "3.3 LSTM", transformer: "3.5 Transformer" };
/** Issue 27's goals per training step. */
const KERNEL_GOALS: Record<string, number> = { cnn: 80, lstm: 300, transformer: 200 };
const n = (v: number, digits = 0) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const when = (date: string) => date.slice(0, 16).replace("T", " ");

/** The newest lane run of each adapter: GPUs, then software adapters, then the cpu backend. */
export function latestLanes(files: LaneFile[]): LaneFile[] {
  const byAdapter = new Map<string, LaneFile>();
  for (const file of [...files].sort((a, b) => a.date.localeCompare(b.date))) byAdapter.set(`${file.nodeWebgpu.backend} ${file.nodeWebgpu.adapter}`, file);
  const rank = (run: NodeLaneRun) => (run.backend !== "webgpu" ? 2 : run.adapterIsSoftware ? 1 : 0);
  return [...byAdapter.values()].sort((a, b) => rank(a.nodeWebgpu) - rank(b.nodeWebgpu) || b.date.localeCompare(a.date));
}

function measured(row: NodeLaneRow): ThroughputResult | null {
  return "skipped" in row.result ? null : row.result;
}

/** wasm: the browser's samples/s per model (batch 64, this report's training section). */
export function renderLanes(files: LaneFile[], wasm: Record<string, number>, wasmMachine: string): string[] {
  // The cpu control lane gives counts only (tfjs's JavaScript backend is no speed to compare).
  const lanes = latestLanes(files).filter((file) => file.nodeWebgpu.backend === "webgpu");
  if (!lanes.length) return [];
  const lines = [
    "## WebGPU 原生通道 Node + Dawn",
    "",
    "tfjs 的 WebGPU 后端在 Node 里经由 Dawn（npm 包 `webgpu`）跑在本机的 Vulkan 适配器上，不需要浏览器：`npm run bench -- --node-webgpu`（没有 Node 的 GPU 主机用 `npx tsx bench/bundle-node-webgpu.ts DIR` 打好的自带 Node 的包，`DIR/run.sh`）。模型、数据与训练循环（`fit()` / `trainSteps()`）与浏览器里的测量相同；每个批大小先预热 5 批，再计时到至少给定的秒数，每一步都读回损失。PyTorch 在同一台机器上用同样的模型、批大小与 Adam（bench/pytorch_reference.py）。issue 27 的目标（H200 级 GPU、批大小 256）：每个模型都达到 PyTorch CUDA 的 50% 以上，且是 2 核 WASM 的 5 倍以上。",
    ""
  ];
  for (const file of lanes) {
    const run = file.nodeWebgpu;
    const torchDevice = run.rows.flatMap((r) => (r.reference?.available && r.reference.device ? [r.reference.device] : []))[0];
    const torchName = run.options.pytorch === "cuda" ? `PyTorch CUDA${torchDevice ? `（${torchDevice}）` : ""}` : run.options.pytorch === "cpu" ? "PyTorch CPU" : "";
    lines.push(
      `### 适配器“${run.adapter}”（${run.adapterIsSoftware ? "软件模拟" : "硬件"}）`,
      "",
      `机器：${file.machine.cpus} 核 ${file.machine.cpuModel}，${file.machine.memoryGiB} GiB，${file.machine.os}${file.machine.loadAverage !== undefined ? `（测完时 1 分钟平均负载 ${n(file.machine.loadAverage, 1)}）` : ""}；${run.runtime}。${run.options.minSeconds > 0 ? `计时至少 ${run.options.minSeconds} 秒` : `计时 ${run.options.batches} 批`}。测量于 ${when(file.date)} UTC，\`${file.commands.run}\`。`,
      ""
    );
    const header = ["模型", "批大小", "WebGPU 样本/秒", "每步 ms", ...(torchName ? [`${torchName} 样本/秒`, "WebGPU ÷ PyTorch"] : []), "2 核 WASM 样本/秒（批 64）", "WebGPU ÷ WASM", "备注"];
    lines.push(`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 || i === header.length - 1 ? "---" : "---:")).join("|")}|`);
    for (const row of run.rows) {
      const result = measured(row);
      const ref = row.reference?.available ? row.reference.samplesPerSecond : null;
      const base = wasm[row.model] ?? null;
      const firstError = row.gpuErrors.find((e) => e.includes("WGSL")) ?? row.gpuErrors[0] ?? "";
      const note = "skipped" in row.result ? `跳过：${row.result.skipped}` : row.gpuErrors.length ? `**结果无效**：WebGPU 报错（${firstError.slice(0, 110)}…），出错的命令被丢弃，模型在错误的数值上训练` : "";
      const cells = [
        MODEL_NAMES[row.model] ?? row.model,
        String(row.batchSize),
        result ? n(result.samplesPerSecond) : "—",
        result ? n(result.msPerBatch, 1) : "—",
        ...(torchName ? [ref ? n(ref) : row.reference && !row.reference.available ? row.reference.reason : "—", result && ref ? `${n((result.samplesPerSecond / ref) * 100, 1)}%` : "—"] : []),
        base ? n(base) : "—",
        result && base ? `${n(result.samplesPerSecond / base, result.samplesPerSecond / base < 0.1 ? 3 : 2)}×` : "—",
        note
      ];
      lines.push(`| ${cells.join(" | ")} |`);
    }
    lines.push("", `2 核 WASM 一列取自上面“训练速度”一节（${wasmMachine}，浏览器，批大小 64），不是同一台机器。${run.adapterIsSoftware ? "软件适配器在 CPU 上模拟 GPU：这里只说明这条通道在没有 GPU 的机器上也能跑、每步的计数与 GPU 上相同，速度没有参考意义。" : ""}`, "");
  }
  return lines;
}

/** Kernels, GPU dispatches and uploads per training step: the lane's rows at their smallest
 * batch size (the counts do not depend on it) and the browser rows that carry counts. */
export function renderCounts(files: LaneFile[], browserRows: CountedRow[]): string[] {
  const rows: { model: string; where: string; counts: StepCounts }[] = [];
  for (const file of latestLanes(files)) {
    const run = file.nodeWebgpu;
    for (const model of [...new Set(run.rows.map((r) => r.model))]) {
      const row = run.rows.filter((r) => r.model === model && measured(r)?.counts).sort((a, b) => a.batchSize - b.batchSize)[0];
      const counts = row && measured(row)?.counts;
      if (counts) rows.push({ model, where: `Node ${run.backend}${run.adapter ? `，${run.adapter}` : ""}，批 ${row.batchSize}，测于 ${when(file.date)}`, counts });
    }
  }
  for (const row of browserRows) if (row.counts) rows.push({ model: row.model, where: `浏览器 ${row.backend}，批 ${row.batchSize}`, counts: row.counts });
  if (!rows.length) return [];
  const lines = [
    "## 每个训练步的内核与上传 Kernels and uploads per step",
    "",
    "与硬件无关的计数（每行写明测量时间：书的内核改变之后，较早的行描述的是当时的代码）：在计时之后再训练几步，用 `tf.profile` 数内核（前向、梯度与 Adam 更新的每一个算子），在 WebGPU 上另数真正提交到 GPU 的计算派发（不含只改形状的 Reshape/Identity 和交给 CPU 做的小算子）、从 JavaScript 上传到 GPU 缓冲区的张量，以及后端 `write` 的全部调用（上传加上每个 GPU 内核输出的分配；issue 27 最初引用的“uploads”就是这个数）。components/bench/step-counts.ts。对这样小的模型，每次派发和上传的固定开销决定速度，而不是算术量：issue 27 的目标是每步内核 CNN ≤ 80、LSTM ≤ 300、Transformer ≤ 200，Transformer 上传 ≤ 20。",
    "",
    "| 模型 | 在哪里测 | 内核/步 | 目标 | GPU 派发/步 | 上传/步 | write 调用/步 | 最多的内核（每步次数） |",
    "|---|---|---:|---:|---:|---:|---:|---|"
  ];
  const order = (model: string) => Object.keys(MODEL_NAMES).indexOf(model);
  for (const { model, where, counts } of rows.sort((a, b) => order(a.model) - order(b.model))) {
    const maybe = (v: number | null) => (v === null ? "—" : n(v, Number.isInteger(v) ? 0 : 1));
    lines.push(`| ${MODEL_NAMES[model] ?? model} | ${where} | ${maybe(counts.kernelsPerStep)} | ≤ ${KERNEL_GOALS[model] ?? "—"} | ${maybe(counts.dispatchesPerStep)} | ${maybe(counts.uploadsPerStep)} | ${maybe(counts.writesPerStep ?? null)} | ${counts.topKernels.slice(0, 6).map((k) => `${k.name} ${maybe(k.perStep)}`).join("、")} |`);
  }
  lines.push("");
  return lines;
}
