// 5.1's default runs as a reader sees them: open the page at the full budget, wait for every
// cell, read back samples/s of data parallelism with K = 1, 2, 4 workers (one ChapterRun each),
// the measured pipeline bubbles against (p−1)/(m+p−1) and the stale-SGD losses (in the notes).
import type { BrowserContext, Page } from "playwright-core";
import { backendOf, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

const rows = (page: Page, output: string) =>
  page.locator(`[data-output="${output}"]`).evaluate((table) => {
    const head = [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? "");
    return [...table.querySelectorAll("tbody tr")].map((tr) => Object.fromEntries([...tr.querySelectorAll("td")].map((td, i) => [head[i], td.textContent ?? ""])));
  });

export default async function run(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch5-1-parallel.html", null, false);
  try {
    const started = Date.now();
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => ["done", "error"].includes(f.getAttribute("data-state") ?? "")), undefined, { timeout: 1_800_000 });
    const seconds = (Date.now() - started) / 1000;
    const backend = `${await backendOf(page)}（Worker：${(await page.locator('[data-output="workers-status"]').getAttribute("data-where")) ?? "?"}）`;
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const equal = (await page.locator('[data-output="dp-equal"]').getAttribute("data-difference")) ?? "";
    const pipeline = (await rows(page, "pipeline")).map((r) => `p=${r["段数 p"]}, m=${r["微批次 m"]}：实测气泡 ${r["实测气泡"]}，公式 ${r["公式 (p−1)/(m+p−1)"]}`).join("；");
    const stale = (await rows(page, "async-sgd")).map((r) => `τ=${r["陈旧度 τ"]} ${r["最后 10 步的平均损失"]}`).join("，");
    return (await rows(page, "dp-speed")).map((r, i) => ({
      chapter: `5.1 数据并行：K = ${r["Worker 数 K"]}`,
      backend,
      budget: "完整",
      trainImages: 0,
      epochs: 0,
      seconds,
      testAccuracy: NaN,
      samplesPerSecond: Number(r["样本/秒"]),
      notes:
        `加速比 ${r["加速比"]}，每步 ${r["每步（ms）"]} ms，最慢 Worker 计算 ${r["最慢 Worker 的计算（ms）"]} ms（${cores} 个逻辑核）` +
        (i === 0 ? `。K = 2 一步与整批一步的参数最大差 ${equal}。流水线：${pipeline}。异步 SGD 最后 10 步平均损失：${stale}` : "")
    }));
  } finally {
    await page.close();
  }
}
