// 5.3 模型压缩's default runs as a reader sees them: open the page (every cell runs by
// itself), wait until all cells are done, and read back the figures the issue asks for:
// accuracy at 8 and 4 bits per tensor and per channel, QAT at low bits, 50% and 90%
// sparsity, structured vs unstructured latency, best distilled vs label-only student,
// low rank, and the closing table.
import type { BrowserContext } from "playwright-core";
import { backendOf, cellTexts, count, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

export default async function run(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch5-3-compression.html", null);
  try {
    const started = Date.now();
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 1_800_000, polling: 1000 });
    const seconds = (Date.now() - started) / 1000;
    const backend = await backendOf(page);
    const setup = (await page.locator('[data-cell="compress-data"] > [data-output]').textContent()) ?? "";
    const testDigits = count(/评估用 ([\d,]+) 张测试图像/.exec(setup)?.[1]);
    const tuneImages = count(/微调与蒸馏用 ([\d,]+) 张训练图像/.exec(setup)?.[1]);
    const budget = /规模：(.+?)）/.exec(setup)?.[1] ?? "";
    const base = { backend, budget, trainImages: tuneImages, epochs: 1, seconds, samplesPerSecond: 0 };
    const pct = (text: string | undefined) => Number(text) / 100;
    const runs: ChapterRun[] = [];

    const quant = await cellTexts(page, "quant-sweep");
    const q = (granularity: string, bits: number) => quant.find((r) => r[0] === granularity && r[1] === String(bits));
    for (const bits of [8, 4]) {
      const [tensor, channel] = [q("逐张量", bits), q("逐通道", bits)];
      runs.push({ ...base, chapter: `5.3 量化 ${bits} 位（逐通道；逐张量见备注）`, epochs: 0, testAccuracy: pct(channel?.[2]), notes: `逐张量 ${tensor?.[2]}%（${tensor?.[3]} 字节），逐通道 ${channel?.[2]}%（${channel?.[3]} 字节），${testDigits} 张测试图像` });
    }
    const qat = await cellTexts(page, "qat");
    runs.push({ ...base, chapter: "5.3 量化感知训练（2 位逐通道）", testAccuracy: pct(qat[2]?.[1]), notes: `训练后直接量化 ${qat[1]?.[1]}%，QAT 一轮后 ${qat[2]?.[1]}%，原模型 ${qat[0]?.[1]}%` });
    const prune = await cellTexts(page, "prune-sweep");
    for (const sparsity of ["50", "90"]) {
      const [global, layer] = ["全局", "逐层"].map((scope) => prune.find((r) => r[0] === scope && r[1] === sparsity));
      runs.push({ ...base, chapter: `5.3 剪枝 ${sparsity}%（全局，不微调）`, epochs: 0, testAccuracy: pct(global?.[2]), notes: `全局 ${global?.[2]}%，逐层 ${layer?.[2]}%` });
    }
    const iterative = await cellTexts(page, "prune-finetune");
    runs.push({ ...base, chapter: "5.3 逐步剪枝到 95% 并微调", epochs: iterative.length, testAccuracy: pct(iterative.at(-1)?.[2]), notes: iterative.map((r) => `${r[0]}%: 剪完 ${r[1]}%，微调后 ${r[2]}%`).join("；") });
    const structured = await cellTexts(page, "structured");
    const summary = await cellTexts(page, "compress-summary");
    runs.push({ ...base, chapter: "5.3 结构化剪枝（每层一半通道，微调一轮）", testAccuracy: pct(summary.find((r) => r[0].startsWith("通道剪枝"))?.[1]), notes: structured.map((r) => `${r[0]}：${r[4]} 毫秒/批（${r[5]}）`).join("；") });
    const students = await cellTexts(page, "distill");
    const best = students.slice(1).reduce((a, b) => (Number(b[1]) > Number(a[1]) ? b : a));
    runs.push({ ...base, chapter: `5.3 蒸馏学生（最好：${best[0]}）`, epochs: 4, testAccuracy: pct(best[1]), notes: students.map((r) => `${r[0]} ${r[1]}%`).join("，") });
    const ranks = await cellTexts(page, "low-rank");
    const r16 = ranks.find((r) => r[0] === "16");
    runs.push({ ...base, chapter: "5.3 低秩分解 r = 16", epochs: 0, testAccuracy: pct(r16?.[4]), notes: ranks.map((r) => `r=${r[0]} ${r[4]}%`).join("，") });
    runs.push({ ...base, chapter: "5.3 汇总表", epochs: 0, testAccuracy: pct(summary[0]?.[1]), notes: summary.map((r) => `${r[0]}：${r[1]}%，${r[2]} 字节，${r[4]} 参数，${r[6]} 毫秒/批`).join("；") });
    return runs;
  } finally {
    await page.close();
  }
}
