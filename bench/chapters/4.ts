// 第4章's default runs as a reader sees them (full budget): open the page, wait until every
// cell is done, and read back the batch-norm sweep (final loss and test accuracy per
// learning rate, with and without BN) and the regularisation table (train/test accuracy).
import type { BrowserContext } from "playwright-core";
import { backendOf, cellTexts, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

export default async function runChapter4(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch4-training.html", null);
  try {
    const started = Date.now();
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => /^(done|error)$/.test(f.getAttribute("data-state") ?? "")), undefined, { timeout: 20 * 60_000, polling: 1000 });
    const seconds = (Date.now() - started) / 1000;
    const backend = await backendOf(page);
    const runs: ChapterRun[] = [];
    for (const [network, lr, loss, accuracy, note] of await cellTexts(page, "bn-sweep")) {
      const steps = Number(/^(\d+) 步/.exec(note)?.[1] ?? 0);
      const time = Number(/，([\d.]+) 秒/.exec(note)?.[1] ?? 0);
      runs.push({ chapter: "4", backend, budget: "完整", trainImages: steps * 64, epochs: 1, seconds: time, testAccuracy: Number(accuracy), samplesPerSecond: time ? (steps * 64) / time : 0, notes: `4.4 ${network}，SGD η = ${lr}：最终训练损失 ${loss}${/NaN/.test(note) ? `（${note}）` : ""}` });
    }
    for (const [method, train, test, gap, note] of await cellTexts(page, "regularization")) {
      runs.push({ chapter: "4", backend, budget: "完整", trainImages: 500, epochs: Number(/(\d+) 轮/.exec(note)?.[1] ?? 30), seconds: 0, testAccuracy: Number(test), samplesPerSecond: 0, notes: `4.5 ${method}：训练 ${train}，测试 ${test}，差距 ${gap}（${note}）` });
    }
    runs.push({ chapter: "4", backend, budget: "完整", trainImages: 0, epochs: 0, seconds, testAccuracy: NaN, samplesPerSecond: 0, notes: "整页所有单元运行完的时间" });
    return runs;
  } finally {
    await page.close();
  }
}
