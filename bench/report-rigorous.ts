// docs/benchmarks.md's sections for `npm run bench -- --only training --rigorous`
// (bench/rigorous.ts): the interleaved WASM ÷ PyTorch ratios at equal threads, the losses of
// both sides, and the per-kernel profile of one WASM training step.
import type { RigorousLane, RigorousRun } from "./rigorous.js";
import { median, range, type Verdict } from "./stats.js";
import { CNN_SIZES, cnnArithmetic, convolutionRates } from "./cnn-arithmetic.js";

const MODEL_NAMES: Record<string, string> = { cnn: "3.2 CNN", lstm: "3.3 LSTM", transformer: "3.5 Transformer" };
const VERDICTS: Record<Verdict, string> = { met: "达到", "not met": "未达到", unclear: "不确定（范围跨过目标）" };

const n = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "—");
const pct = (v: number) => `${n(v * 100)}%`;
const spread = (values: number[], format: (v: number) => string) => {
  const { min, max } = range(values);
  return `${format(median(values))}（${format(min)}–${format(max)}）`;
};

/** How far apart the largest and smallest value are, as a factor. */
const factor = (values: number[]) => {
  const { min, max } = range(values);
  return `${n(max / min, 1)}×`;
};

export interface RigorousContext {
  date: string;
  command: string;
  machine: string;
  cpus: number;
}

function sideValues(lane: RigorousLane, side: "wasm" | "pytorch", pick: (s: RigorousLane["samples"][number]) => number): number[] {
  return lane.samples.filter((s) => s.side === side).map(pick);
}

export function renderRigorous(run: RigorousRun, context: RigorousContext): string[] {
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(" / ");
  const first = run.lanes[0];
  // Judged by the load before the bench starts: the load at the end includes the bench itself
  // (the browser and PyTorch each run up to two threads). Load above the core count: every
  // process waits for a core, thread pools most of all.
  const before = run.loadBefore[0] ?? 0;
  const idle = before < 1;
  const overloaded = before > context.cpus;
  const caveat = overloaded ? "（机器过载，仅供参考）" : "";
  const lines = [
    "## WASM 对 PyTorch：同样的线程、交替重复 Rigorous training comparison",
    "",
    `命令 \`${context.command}\`，测量于 ${context.date.slice(0, 16).replace("T", " ")} UTC，用时 ${n(run.seconds)} 秒。机器：${context.machine}。`,
    "",
    idle
      ? `**测量开始时机器空闲**：\`uptime\` 的 1 / 5 / 15 分钟平均负载开始时 ${load(run.loadBefore)}，结束时 ${load(run.loadAfter)}——结束时的负载包括基准自己（浏览器与 PyTorch 各用到 ${context.cpus} 个线程）；开始前的负载低于 1，说明没有别的进程长时间占着核。剩下的涨落来自机器本身（频率调节、同一宿主上的其他虚拟机），表中“散布”一列给出 最大÷最小。`
      : `**这台机器在测量时并不空闲**：${context.cpus} 个核由几个会话共用，别的进程同时在构建和测试。\`uptime\` 的 1 / 5 / 15 分钟平均负载：开始时 ${load(run.loadBefore)}，结束时 ${load(run.loadAfter)}（负载高于核数时，每个进程只分到一部分 CPU）。**绝对样本/秒**直接随负载涨落，只说明这台机器在那几分钟里的情况，不能与空闲机器上的数比较。**比值**来自前后紧挨着的一对测量（WASM、PyTorch、WASM、PyTorch……交替），较慢的负载变化（例如一次构建在某对测量之前开始）同时落在两边，所以比值比绝对值更可靠；但负载在几秒之内就起伏时，交替也保护不了比值——表中“散布”一列给出 最大÷最小，可以直接比较绝对值与比值各自的稳定程度，范围宽的比值结论写成“不确定”。`,
    "",
    ...(overloaded ? [`**过载**：1 分钟平均负载超过了核数（${context.cpus}），每个进程都在排队等核。线程池受害最重（一个线程被挂起，其他线程就在同步点空等），所以 2 线程的数——两边都是——尤其不可信；下面的结论都只描述这次过载的测量，每个都标着“仅供参考”。要判断目标是否达到，请在空闲的机器上重跑 \`${context.command}\`。`, ""] : []),
    `做法：每次测量先预热 ${first?.request.warmupBatches ?? "—"} 批，再计时至少 ${run.minSeconds} 秒的训练（每次 ${first?.request.batches ?? "—"} 批为一轮，重复到满 ${run.minSeconds} 秒），每个模型重复 ${run.repetitions} 次，WASM 与 PyTorch 交替进行；每对相邻测量给出一个比值 WASM 样本/秒 ÷ PyTorch 样本/秒，表中是比值的中位数与最小–最大范围。结论只在**所有**比值都达到目标时写“达到”，都低于目标时写“未达到”，范围跨过目标时写“不确定”。`,
    "",
    "线程：1 线程是不带跨源隔离（COOP/COEP）提供的页面，浏览器不给 SharedArrayBuffer，tfjs 载入单线程的 WASM，对 `torch.set_num_threads(1)`；2 线程是带 COOP/COEP 的页面，tfjs 载入多线程 WASM，对 `torch.set_num_threads(2)`。两边的线程数都是运行时读回来的（WASM：后端模块报告的 XNNPACK 线程数；PyTorch：`torch.get_num_threads()`），写在每个数旁边。",
    ...(run.isolatedDefault ? ["", `tfjs 的 WASM 后端把线程数定为 \`navigator.hardwareConcurrency\` 的一半（它假定每个核有两个硬件线程，见 tfjs-backend-wasm 的 backend.cc），而且不超过这个数。这台机器上，带 COOP/COEP、不加模拟的页面报告 hardwareConcurrency = ${run.isolatedDefault.hardwareConcurrency}，WASM 实际只用 **${run.isolatedDefault.threads} 个线程**：以前“多线程 WASM”的测量在这里其实是单线程。为了比较 2 线程，2 线程的页面在载入前用 DevTools 协议（\`Emulation.setHardwareConcurrencyOverride\`）把 hardwareConcurrency 模拟成 4，表中的 WASM 线程数是之后读回的值。`] : []),
    "",
    "两边做同样的事：同一个模型结构、批大小 64、Adam（CNN 与 LSTM 学习率 0.001，Transformer 0.003，ε = 1e-7）、同样的样本——预热用训练集最前面的几批，计时循环使用最前面的同一组批（浏览器的 `fit()` 每轮打乱顺序，PyTorch 按顺序）；Transformer 的倒序数字由浏览器同样的种子生成后交给 PyTorch。LSTM：书中的 Keras LSTM 遮盖左侧填充（`maskZero`），PyTorch 一侧用 `pack_padded_sequence` 只算每个名字的真实字母，两者是同一个函数。不同之处：初始化方式（tfjs 的 Glorot/He 与 PyTorch 的默认；只有 Transformer 的词嵌入两边一样，都取 N(0, 1/d)——2026-12-05 以前 PyTorch 一侧用默认的 N(0, 1)，乘 √d 后词嵌入是位置编码的 5.7 倍，倒序学得慢得多，那以前的 Transformer 末批损失两边不可比）、书中的循环每步都读回损失与准确率并让出一次页面（PyTorch 每步也用 `loss.item()` 读回损失）。下面的首末损失说明两边在训练同一件事。",
    ""
  ];
  for (const threads of [...new Set(run.lanes.map((l) => l.threads))]) {
    const lanes = run.lanes.filter((l) => l.threads === threads);
    lines.push(`### ${threads} 线程`, "");
    lines.push("| 模型 | 线程 WASM / PyTorch | WASM 样本/秒 中位数（范围） | PyTorch 样本/秒 中位数（范围） | WASM ÷ PyTorch 中位数 | 比值范围 | 各次比值 | 散布 最大÷最小：WASM / PyTorch / 比值 | 目标 | 结论 |", "|---|---|---:|---:|---:|---:|---|---|---:|---|");
    for (const lane of lanes) {
      const r = lane.ratio;
      lines.push(`| ${MODEL_NAMES[lane.model] ?? lane.model} | ${lane.wasmThreads} / ${lane.pytorchThreads}${lane.crossOriginIsolated ? "（隔离）" : ""} | ${spread(sideValues(lane, "wasm", (s) => s.samplesPerSecond), (v) => n(v))} | ${spread(sideValues(lane, "pytorch", (s) => s.samplesPerSecond), (v) => n(v))} | **${pct(r.median)}** | ${pct(r.min)}–${pct(r.max)} | ${r.ratios.map(pct).join("、")} | ${[sideValues(lane, "wasm", (s) => s.samplesPerSecond), sideValues(lane, "pytorch", (s) => s.samplesPerSecond), r.ratios].map(factor).join(" / ")} | ≥ ${pct(r.target)} | ${VERDICTS[r.verdict]}${caveat} |`);
    }
    lines.push("", "损失（每次测量计时部分的第一批与最后一批；计时的步数不同，末批损失只在同一侧内可比）：", "");
    lines.push("| 模型 | WASM 首批损失 | WASM 末批损失 | WASM 计时步数 | PyTorch 首批损失 | PyTorch 末批损失 | PyTorch 计时步数 |", "|---|---:|---:|---:|---:|---:|---:|");
    for (const lane of lanes) {
      const cell = (side: "wasm" | "pytorch", pick: (s: RigorousLane["samples"][number]) => number, digits: number) => spread(sideValues(lane, side, pick), (v) => n(v, digits));
      lines.push(`| ${MODEL_NAMES[lane.model] ?? lane.model} | ${cell("wasm", (s) => s.firstLoss, 3)} | ${cell("wasm", (s) => s.lastLoss, 3)} | ${cell("wasm", (s) => s.batches, 0)} | ${cell("pytorch", (s) => s.firstLoss, 3)} | ${cell("pytorch", (s) => s.lastLoss, 3)} | ${cell("pytorch", (s) => s.batches, 0)} |`);
    }
    lines.push("", `PyTorch ${lanes[0]?.torch ?? ""}（bench/pytorch_reference.py），CPU。`, "");
  }
  if (run.skipped.length) lines.push(`跳过：${run.skipped.join("；")}。`, "");
  lines.push(...renderProfiles(run));
  return lines;
}

function renderProfiles(run: RigorousRun): string[] {
  const profiled = run.lanes.filter((l) => l.profile);
  if (!profiled.length) return [];
  const lines = [
    "## 一个 WASM 训练步的内核剖析 Kernel profile",
    "",
    "`tf.profile` 记录引擎运行的每个内核及其用时（WASM 的内核同步执行，记录的是墙钟时间）。书的基准页面用自己的训练循环，所以分两次剖析，两次只差计时的批数：相差的内核数除以相差的批数就是每步的内核数；在较长那次的记录里，按这个周期重复的最长一段就是计时的各步，去掉首尾各一步，其余每一步按内核名累加，每个内核取各步的中位数（偶尔被抢占的一次调用不会抬高它；bench/kernel-profile.ts）。计时用 `performance.now()`：没有跨源隔离时（1 线程）Chromium 把它粗化到 0.1 ms 并加抖动，单次很短的内核因此读数不准，只有许多次调用的合计有意义；有隔离时（2 线程）精度是 5 µs。“占整步”以同一线程数下上面那组测量的 WASM 每步用时（中位数，未开剖析）为分母；内核以外的时间是 JavaScript 里的开销：引擎为每个算子做的记账、自动微分的磁带与梯度、tf.layers、训练循环、每步读回损失。",
    ""
  ];
  for (const lane of profiled) {
    const p = lane.profile!;
    const name = MODEL_NAMES[lane.model] ?? lane.model;
    if ("error" in p) {
      lines.push(`### ${name}，${lane.threads} 线程`, "", `剖析失败：${p.error}`, "");
      continue;
    }
    const stepMs = (lane.request.batchSize / median(sideValues(lane, "wasm", (s) => s.samplesPerSecond))) * 1000;
    const outside = stepMs - p.kernelMsPerStep;
    lines.push(
      `### ${name}，${lane.threads} 线程（WASM ${lane.wasmThreads} 线程）`,
      "",
      `每步 ${n(p.kernelsPerStep)} 个内核，内核共 ${n(p.kernelMsPerStep, 1)} ms/步（每个内核取 ${p.steps} 步的中位数再相加）；未开剖析时每步 ${n(stepMs, 1)} ms，内核占 ${pct(p.kernelMsPerStep / stepMs)}，内核以外 ${n(outside, 1)} ms（${pct(outside / stepMs)}）${outside < 0 ? "（负数：剖析时的内核用时比未剖析时的整步还长，说明两次测量之间负载变了）" : ""}。`,
      "",
      "| 内核 | 每步调用 | 每步 ms | 占内核时间 | 占整步 |",
      "|---|---:|---:|---:|---:|"
    );
    for (const k of p.kernels.slice(0, 10)) lines.push(`| ${k.name} | ${n(k.calls, k.calls % 1 ? 1 : 0)} | ${n(k.msPerStep, 2)} | ${pct(k.share)} | ${pct(k.msPerStep / stepMs)} |`);
    const rest = p.kernels.slice(10);
    if (rest.length) lines.push(`| 其余 ${rest.length} 种 | ${n(rest.reduce((s, k) => s + k.calls, 0))} | ${n(rest.reduce((s, k) => s + k.msPerStep, 0), 2)} | ${pct(rest.reduce((s, k) => s + k.share, 0))} | ${pct(rest.reduce((s, k) => s + k.msPerStep, 0) / stepMs)} |`);
    lines.push("");
    if (lane.model === "cnn") lines.push(...cnnBound(lane, p.kernels), "");
    if (p.scopes.length) lines.push(`表中不计 op 作用域的记录（自定义梯度算子外层的一条，用时已含在它里面的内核中）：${p.scopes.map((s) => `${s.name} 每步 ${n(s.calls, s.calls % 1 ? 1 : 0)} 次`).join("、")}。`, "");
  }
  return lines;
}

/** How fast the CNN's convolutions compute, and what the target would ask of a whole step. */
function cnnBound(lane: RigorousLane, kernels: { name: string; msPerStep: number }[]): string[] {
  const arithmetic = cnnArithmetic(CNN_SIZES[lane.request.size === "small" ? "small" : "full"]);
  const rates = convolutionRates(arithmetic, kernels, lane.request.batchSize);
  if (!rates.length) return [];
  const gmacs = (samplesPerSecond: number) => (samplesPerSecond * arithmetic.perSample) / 1e9;
  const [wasm, pytorch] = (["wasm", "pytorch"] as const).map((side) => median(sideValues(lane, side, (s) => s.samplesPerSecond)));
  const fastest = rates.reduce((a, b) => (b.gmacs > a.gmacs ? b : a));
  const ceiling = (fastest.gmacs * 1e9) / arithmetic.perSample;
  const m = (v: number) => n(v / 1e6, 2);
  return [
    `算术量：这个 CNN 每个样本训练一步是 ${m(arithmetic.perSample)} M 次乘加（前向 ${m(arithmetic.forward)} M，几乎全在两个卷积里；权重梯度与前向一样多；输入梯度只有第一层不用算）（bench/cnn-arithmetic.ts）。按上面的中位数，PyTorch 整步平均 ${n(gmacs(pytorch), 1)} GMAC/s，WASM ${n(gmacs(wasm), 1)} GMAC/s。剖析里各卷积内核运行时的速度：${rates.map((r) => `${r.name} ${n(r.gmacs, 1)} GMAC/s`).join("，")}。`,
    "",
    `目标 ${pct(lane.ratio.target)} 要求整步平均 ${n(gmacs(pytorch) * lane.ratio.target, 1)} GMAC/s。即使内核以外的时间为零、每次乘加都跑到这里最快的内核（${fastest.name}，${n(fastest.gmacs, 1)} GMAC/s）的速度，一步也只能做到 ${n(ceiling)} 样本/秒，即 PyTorch 的 ${pct(ceiling / pytorch)}：${verdictOfCeiling(ceiling / pytorch, lane.ratio.target)}`
  ];
}

function verdictOfCeiling(ceiling: number, target: number): string {
  if (ceiling < target) return "差距在卷积的算术本身（WASM 的 128 位 SIMD 对 PyTorch 在同一个核上用的 AVX 指令），减少内核个数或 JavaScript 开销达不到这个目标。";
  if (ceiling < target * 1.25) return `这个上限只比目标高 ${pct(ceiling / target - 1)}：要达到目标，几乎每次乘加都得跑到最快内核的速度，内核以外也几乎不能有开销；较慢的梯度卷积与内核以外的时间是差距所在，但单靠减少开销达不到目标。`;
  return "目标在算术上可以达到，差距在较慢的卷积内核与内核以外的开销。";
}
