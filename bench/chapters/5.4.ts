// 5.4's default runs as a reader does them: train the 0–4 base, let the transfer experiment
// and LoRA run, then the lr × batch grid and the architecture search; the figures are read
// back from the page's tables (data-output), never computed here.
import type { BrowserContext, Page } from "playwright-core";
import { backendOf, cellTexts, pressTrain, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

const done = (page: Page, id: string) => page.waitForFunction((id) => document.querySelector(`[data-cell="${id}"]`)?.getAttribute("data-state") === "done", id, { timeout: 1_800_000 });

export default async function run(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch5-4-finetune.html", null);
  try {
    const started = Date.now();
    const base = await pressTrain(page, "base-train");
    const budget = /（(.+)）$/.exec(base.title)?.[1] ?? "";
    await Promise.all([done(page, "transfer"), done(page, "lora"), done(page, "book-transfer")]);
    const transferSeconds = (Date.now() - started) / 1000;
    const backend = await backendOf(page);
    const baseText = (await page.locator('[data-output="base-accuracy"]').textContent()) ?? "";
    const transfer = await cellTexts(page, "transfer-table");
    const at = (labels: string, strategy: string) => transfer.find((r) => r[0] === labels && r[1].startsWith(strategy))?.[3] ?? "?";
    const line = (labels: string) => `${labels} 个：从零 ${at(labels, "从零")}%、冻结卷积 ${at(labels, "冻结")}%、全部微调 ${at(labels, "全部微调")}%`;
    const book = await cellTexts(page, "book-transfer");
    const lora = await cellTexts(page, "lora-table");
    const loraRow = (name: string) => lora.find((r) => r[0].startsWith(name));
    const r4 = loraRow("LoRA r = 4");
    const full = loraRow("全部微调");
    const runs: ChapterRun[] = [
      {
        chapter: "5.4 迁移到数字 5–9（200 个标注，冻结卷积层）",
        backend,
        budget,
        trainImages: 200,
        epochs: 0,
        seconds: transferSeconds,
        testAccuracy: Number(at("200", "冻结")) / 100,
        samplesPerSecond: base.samplesPerSecond,
        notes: `${baseText} ${[50, 200, 1000].map((n) => line(String(n))).join("；")}；书中模型（见过 5–9）冻结卷积：${book.map((r) => `${r[0]} 个 ${r[2]}%`).join("、")}；用时含基础网络、9 次迁移和 LoRA`
      },
      {
        chapter: "5.4 LoRA r = 4（200 个标注）",
        backend,
        budget,
        trainImages: 200,
        epochs: 0,
        seconds: 0,
        testAccuracy: Number(r4?.[3]) / 100,
        samplesPerSecond: 0,
        notes: `LoRA ${lora.filter((r) => r[0].startsWith("LoRA")).map((r) => `${r[0].slice(5)}：${r[1]} 个参数 ${r[3]}%`).join("；")}；全部微调 ${full?.[1]} 个参数 ${full?.[3]}%`
      }
    ];
    const grid = await pressTrain(page, "sweep");
    await done(page, "sweep");
    runs.push({ chapter: "5.4 学习率 × 批大小网格（冻结卷积，200 个标注）", backend, budget, trainImages: 200, epochs: 0, seconds: grid.seconds, testAccuracy: Number(/测试集上只测这一次：([\d.]+)%/.exec((await page.locator('[data-output="sweep-best"]').textContent()) ?? "")?.[1]) / 100, samplesPerSecond: 0, notes: (await page.locator('[data-output="sweep-best"]').textContent()) ?? "" });
    const search = await pressTrain(page, "nas");
    await done(page, "nas");
    const nas = await cellTexts(page, "nas-table");
    const front = nas.filter((r) => r[4] === "是");
    const bestFront = front.reduce((a, b) => (Number(b[3]) > Number(a[3]) ? b : a), front[0] ?? ["", "", "", "NaN"]);
    runs.push({ chapter: "5.4 随机架构搜索（一轮代理）", backend, budget, trainImages: 2000, epochs: 1, seconds: search.seconds, testAccuracy: Number(bestFront[3]) / 100, samplesPerSecond: 0, notes: `${nas.length} 个结构，帕累托前沿 ${front.length} 个：${front.map((r) => `${r[0]}（${r[1]} 参数，${r[2]} ms，${r[3]}%）`).join("；")}；准确率为验证集` });
    return runs;
  } finally {
    await page.close();
  }
}
