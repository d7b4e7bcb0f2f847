// 5.2's default runs as a reader sees them: open the page at the full budget, wait for every
// cell, read back the mixed-precision runs (one ChapterRun each), the measured bytes against
// the calculator's prediction and the checkpointing trade (in the notes).
import type { BrowserContext, Page } from "playwright-core";
import { backendOf, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

const rows = (page: Page, output: string) =>
  page.locator(`[data-output="${output}"]`).evaluate((table) => {
    const head = [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? "");
    return [...table.querySelectorAll("tbody tr")].map((tr) => Object.fromEntries([...tr.querySelectorAll("td")].map((td, i) => [head[i], td.textContent ?? ""])));
  });

export default async function run(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch5-2-memory.html", null, false);
  try {
    const started = Date.now();
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => ["done", "error"].includes(f.getAttribute("data-state") ?? "")), undefined, { timeout: 1_800_000 });
    const seconds = (Date.now() - started) / 1000;
    const backend = await backendOf(page);
    const measured = (await rows(page, "memory-measured")).map((r) => `${r["时刻"]} ${r["公式"]}：预测 ${r["预测字节"]} / 实测 ${r["实测字节"]}（${r["相对差"]}）`).join("；");
    const checkpoint = (await rows(page, "checkpoint")).map((r) => `${r["方式"]}：峰值 ${r["峰值（一步内新增）"]}（×${r["峰值 / 不重算"]}），${r["每步毫秒"]} ms/步（×${r["时间 / 不重算"]}），梯度差 ${r["梯度最大差"]}`).join("；");
    const half = (await rows(page, "half-claim")).map((r) => `${r["项目"]} ×${r["混合精度 / FP32"]}`).join("，");
    const status = (await page.locator('[data-cell="mixed-train"] p').first().textContent()) ?? "";
    const mixed = await rows(page, "mixed-precision");
    return mixed.map((r, i) => ({
      chapter: `5.2 混合精度：${r["训练方式"]}`,
      backend,
      budget: "完整",
      trainImages: Number(r["步数"]) * 64,
      epochs: 1,
      seconds,
      testAccuracy: parseFloat(r["测试集准确率"]) / 100,
      samplesPerSecond: 0,
      notes:
        `跳过 ${r["跳过的步"]} 步，最后 S = ${r["最后的 S"]}，最后 10 步平均损失 ${r["最后 10 步的平均损失"]}` +
        (i === 0 ? `。${status} 显存核对：${measured}。LLaMA-7B 混合精度/FP32：${half}。梯度检查点：${checkpoint}` : "")
    }));
  } finally {
    await page.close();
  }
}
