// 第6章's default runs, as a reader's page runs them (no button: every cell starts by itself):
// wait until all cells are done, then read the figures the page shows from its tables —
// accuracy vs number of training digits, IG completeness at 16/64 steps, accuracy under FGSM/PGD at ε = 0.1 and 0.3 before and after
// adversarial training, transfer rates from an MLP to the CNN, and ε, test accuracy and membership AUC of the privacy runs.
import type { BrowserContext } from "playwright-core";
import { backendOf, cellTexts, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

export default async function runChapter6(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch6-challenges.html", null);
  try {
    const started = Date.now();
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 3_600_000 });
    const seconds = (Date.now() - started) / 1000;
    const backend = await backendOf(page);
    const ig = (await cellTexts(page, "ig-completeness")).filter((r) => r[0] === "全黑图像" && (r[1] === "16" || r[1] === "64")).map((r) => `${r[1]} 步 ${r[4]}`);
    const adv = (await cellTexts(page, "adv-train")).filter((r) => [0, 0.1, 0.3].includes(Number.parseFloat(r[0].replace(/[^\d.]/g, ""))));
    const attacks = adv.map((r) => `ε=${r[0]}：原模型 FGSM ${r[1]} / PGD ${r[2]}，对抗训练 FGSM ${r[3]} / PGD ${r[4]}`);
    const privacy = (await cellTexts(page, "membership")).map((r) => `${r[0]}：ε ${r[1]}，测试 ${r[3]}，AUC ${r[4]}`);
    const scarcity = (await cellTexts(page, "scarcity-curve")).map((r) => `${r[0]} 张：原图 ${r[2]}，增强 ${r[3]}`);
    const transfer = (await cellTexts(page, "transfer-attack")).map((r) => `ε=${r[0]}：FGSM 迁移 ${r[3]}（卷积网络 ${r[2]}），PGD 迁移 ${r[6]}（卷积网络 ${r[5]}）`);
    const flops = (await page.locator("[data-output=compute-cost] [data-flops]").textContent()) ?? "";
    const clean = adv[0];
    return [
      {
        chapter: "6 挑战与对策",
        backend,
        budget: "默认",
        trainImages: 8000,
        epochs: 0,
        seconds,
        testAccuracy: clean ? Number.parseFloat(clean[4]) / 100 : Number.NaN,
        samplesPerSecond: 0,
        notes: [`数据量曲线（小号卷积网络）：${scarcity.join("，")}`, `积分梯度完备性误差（全黑基准）：${ig.join("，")}`, ...attacks, `迁移攻击（全连接网络 → 卷积网络）：${transfer.join("，")}`, ...privacy, `CNN 训练 ${flops} GFLOP/s`].join("；")
      }
    ];
  } finally {
    await page.close();
  }
}
