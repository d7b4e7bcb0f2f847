// 第7章's figures as a reader gets them (full budget, the page's default settings): save
// and load of the served CNN (bytes, ms), the Worker server's throughput and p50/p95 at
// max batch 1 and at the best micro-batch of the sweep, and the drift score on clean vs
// shifted windows. Each is read back from the page's data-output elements.
import type { BrowserContext } from "playwright-core";
import { backendOf, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

export default async function runChapter7(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch7-applications.html", null, false);
  try {
    const started = Date.now();
    await page.waitForFunction(() => ["serving-setup", "batch-sweep", "drift-monitor"].every((id) => document.querySelector(`[data-cell="${id}"]`)?.getAttribute("data-state") === "done"), undefined, { timeout: 600_000 });
    const seconds = (Date.now() - started) / 1000;
    const data = (output: string) => page.locator(`[data-output="${output}"]`).evaluate((el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string>);
    const [saved, server, sweep, drift] = await Promise.all([data("save-load"), data("server-status"), data("batch-best"), data("drift-alert")]);
    const backend = await backendOf(page);
    const base = { budget: "默认", trainImages: 0, epochs: 0, seconds, testAccuracy: Number.NaN };
    return [
      { ...base, chapter: "7 保存与加载（3.2 的卷积网络）", backend, samplesPerSecond: 0, notes: `文件 ${Number(saved.bytes).toLocaleString("en-US")} 字节；保存（序列化）${saved.saveMs} ms，加载 ${saved.loadMs} ms；前 100 张输出逐位相同：${saved.identical === "true" ? "是" : "否"}` },
      {
        ...base,
        chapter: "7 推理服务（微批处理）",
        backend: `${server.where === "worker" ? "Worker" : "主线程"} · ${server.serverBackend}`,
        samplesPerSecond: Number(sweep.bestThroughput),
        notes: `批大小 1：${sweep.oneThroughput} 次/秒，p50 ${sweep.oneP50} ms，p95 ${sweep.oneP95} ms；最佳最大批大小 ${sweep.best}：${sweep.bestThroughput} 次/秒，p50 ${sweep.bestP50} ms，p95 ${sweep.bestP95} ms（泊松到达，每秒 ${sweep.rate} 个请求、每种设置 ${sweep.seconds} 秒，最长等待 4 ms）`
      },
      { ...base, chapter: "7 漂移监控（PSI）", backend, samplesPerSecond: 0, notes: `干净窗口最大漂移分数 ${drift.cleanMax}（告警 ${drift.cleanAlerts} 次）；偏移窗口最小 ${drift.shiftedMin}；首次告警：第 ${drift.firstAlert} 个窗口（${drift.firstAlertShift}）` }
    ];
  } finally {
    await page.close();
  }
}
