// 第4章's default runs as a reader sees them (full budget): open the page, wait until every
// cell is done, and read back the measured vs theoretical rates on the quadratic, the
// optimisers on MNIST (test accuracy and seconds each), the batch-norm sweep (final loss and
// test accuracy per learning rate, with and without BN), the regularisation table, the
// learning-rate schedules, the range test and the clipping runs.
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
    const none = { backend, budget: "完整", chapter: "4", trainImages: 0, epochs: 0, seconds: 0, testAccuracy: NaN, samplesPerSecond: 0 };
    for (const [method, setting, theory, measured, gap, steps] of await cellTexts(page, "quadratic-rates")) {
      runs.push({ ...none, notes: `4.2 二次函数（${(await page.locator('[data-output="quadratic-rates"] caption').textContent())?.split("，")[0]}）${method}（${setting}，${steps} 步）：理论速率 ${theory}，实测 ${measured}，相对差 ${gap}` });
    }
    for (const [name, setting, loss, accuracy, time, note] of await cellTexts(page, "optim-mnist")) {
      const steps = Number(/^(\d+) 步/.exec(note)?.[1] ?? 0);
      runs.push({ ...none, trainImages: 8000, epochs: 2, seconds: Number(time), testAccuracy: Number(accuracy), samplesPerSecond: Number(time) ? (steps * 64) / Number(time) : 0, notes: `4.2 MNIST 上的 ${name}（${setting}）：最后 20 步平均损失 ${loss}${/NaN/.test(note) ? `（${note}）` : ""}` });
    }
    for (const [combo, lossBefore, lossAfter, first0, first1, last1, ratio, accuracy] of await cellTexts(page, "grad-norms-trained")) {
      runs.push({ ...none, trainImages: 4000, epochs: 1, testAccuracy: Number(accuracy), notes: `4.3 ${combo}：损失 ${lossBefore} → ${lossAfter}，‖∂L/∂W₁‖ ${first0} → ${first1}，训练后 ‖∂L/∂W₈‖ ${last1}（第1层/第8层 ${ratio}）` });
    }
    for (const [network, lr, loss, accuracy, note] of await cellTexts(page, "bn-sweep")) {
      const steps = Number(/^(\d+) 步/.exec(note)?.[1] ?? 0);
      const time = Number(/，([\d.]+) 秒/.exec(note)?.[1] ?? 0);
      runs.push({ chapter: "4", backend, budget: "完整", trainImages: steps * 64, epochs: 1, seconds: time, testAccuracy: Number(accuracy), samplesPerSecond: time ? (steps * 64) / time : 0, notes: `4.4 ${network}，SGD η = ${lr}：最终训练损失 ${loss}${/NaN/.test(note) ? `（${note}）` : ""}` });
    }
    for (const [method, train, test, gap, note] of await cellTexts(page, "regularization")) {
      runs.push({ chapter: "4", backend, budget: "完整", trainImages: 500, epochs: Number(/(\d+) 轮/.exec(note)?.[1] ?? 30), seconds: 0, testAccuracy: Number(test), samplesPerSecond: 0, notes: `4.5 ${method}：训练 ${train}，测试 ${test}，差距 ${gap}（${note}）` });
    }
    for (const [name, loss, accuracy, note] of await cellTexts(page, "lr-schedules")) {
      runs.push({ ...none, trainImages: 8000, epochs: 2, seconds: Number(/，([\d.]+) 秒/.exec(note)?.[1] ?? 0), testAccuracy: Number(accuracy), notes: `4.6 调度 ${name}（峰值 η = 0.3）：最后 20 步平均损失 ${loss}${/NaN/.test(note) ? `（${note}）` : ""}` });
    }
    runs.push({ ...none, notes: `4.6 学习率范围测试：${(await page.locator('[data-output="lr-range"]').textContent()) ?? ""}` });
    for (const [setting, before, after, clipped, loss, accuracy, note] of await cellTexts(page, "grad-clip")) {
      runs.push({ ...none, trainImages: 8000, epochs: 1, testAccuracy: Number(accuracy), notes: `4.6 ${setting}：最大 ‖g‖ ${before} → ${after}，被裁剪 ${clipped} 步，最后 20 步平均损失 ${loss}（${note}）` });
    }
    runs.push({ ...none, seconds, notes: "整页所有单元运行完的时间" });
    // docs/benchmarks.md keeps one row per chapter label: each run is labelled by what it measured.
    return runs.map((r) => ({ ...r, chapter: /^4\.\d/.test(r.notes ?? "") ? (r.notes ?? "").split("：")[0] : `4 ${r.notes}` }));
  } finally {
    await page.close();
  }
}
