// 3.4's seq2seq run as a reader does it: open the page, press 开始训练 on the date
// translator, and read back the exact-match rate, the training seconds (as the page measured
// them) and the per-format table from the page's data-output elements. (3.4's spam
// classifier is run by bench/chapters.ts's runAttentionChapters.)
import type { BrowserContext } from "playwright-core";
import { backendOf, cellTexts, count, pressTrain, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

export default async function run(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch3-4-attention.html", null);
  try {
    const trained = await pressTrain(page, "train-seq2seq");
    const result = page.locator('[data-output="seq2seq-accuracy"]');
    await result.waitFor({ timeout: 600_000 });
    const exact = Number(await result.getAttribute("data-exact-match"));
    const seconds = Number(await result.getAttribute("data-seconds"));
    const text = (await result.textContent()) ?? "";
    const [, examples, epochs, budget] = /：([\d,]+) 个例子 × (\d+) 轮（训练规模：(.+)）/.exec(trained.title) ?? [];
    const formats = await cellTexts(page, "seq2seq-by-format");
    return [
      {
        chapter: "3.4 日期改写（GRU 编码器–解码器 + Bahdanau 注意力）",
        backend: await backendOf(page),
        budget: budget ?? "",
        trainImages: count(examples),
        epochs: Number(epochs),
        seconds,
        testAccuracy: exact,
        samplesPerSecond: trained.samplesPerSecond,
        notes: `测试集完全匹配（10 个字符全对）；${/（\d+ \/ \d+）/.exec(text)?.[0] ?? ""}；各写法：${formats.map((r) => `${r[0].replace(/（.*）/, "")} ${r[2]}`).join("，")}`
      }
    ];
  } finally {
    await page.close();
  }
}
