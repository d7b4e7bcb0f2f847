// 3.1 神经网络基础's default runs as a reader sees them: open the page (every cell runs by
// itself), wait until all cells are done, and read back the hand-written backprop figures:
// the largest difference from tf.grads on the MNIST batch, the finite-difference check, the
// typed expression's micrograd-vs-tf.grads difference, and two moons trained by hand.
import type { BrowserContext } from "playwright-core";
import { backendOf, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

export default async function run(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch3-1-nn-basics.html", null);
  try {
    const started = Date.now();
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 900_000, polling: 1000 });
    const seconds = (Date.now() - started) / 1000;
    const backend = await backendOf(page);
    const attribute = async (output: string, name: string) => Number(await page.locator(`[data-output="${output}"]`).getAttribute(name));
    const gradDiff = await attribute("mlp-grads", "data-max-diff");
    const fdError = await attribute("fd-check", "data-max-rel-error");
    const exprDiff = await attribute("expression-grads", "data-max-diff");
    const moons = (await page.locator('[data-cell="train-moons"] .book-cell-output').textContent()) ?? "";
    const match = /(\d+) 步（训练规模：(.+?)），损失 ([\d.]+) → ([\d.]+)，训练集准确率 ([\d.]+)%/.exec(moons);
    if (!match) throw new Error(`3.1 的 train-moons 单元没有给出结果：${moons.slice(0, 200)}`);
    const [, steps, budget, lossStart, lossEnd, accuracy] = match;
    return [{
      chapter: "3.1 手写反向传播训练两个月牙（2 → 16 → 2，梯度下降）",
      backend,
      budget,
      trainImages: 400,
      epochs: Number(steps),
      seconds,
      testAccuracy: Number(accuracy) / 100,
      samplesPerSecond: 0,
      notes: `训练集准确率（两个月牙只看训练集）；损失 ${lossStart} → ${lossEnd}；MNIST 784→32→10 手写梯度与 tf.grads 最大绝对差 ${gradDiff.toExponential(1)}；有限差分最大相对误差 ${fdError.toExponential(1)}；输入框式子的标量引擎与 tf.grads 最大差 ${exprDiff.toExponential(1)}；秒数为打开页面到全部单元完成`
    }];
  } finally {
    await page.close();
  }
}
