// 3.6's GPT on Tang poems as a reader runs it (开始训练, then the KV-cache timing), and 3.5's
// post-LN / pre-LN comparison (开始比较): the figures are read back from the pages' outputs
// (perplexity table, data-speedup, final losses), never computed here.
import type { BrowserContext } from "playwright-core";
import { backendOf, cellTexts, count, pressTrain, type ChapterRun } from "../chapters.js";
import { openOn } from "../parts.js";

export default async function run(context: BrowserContext, siteUrl: string): Promise<ChapterRun[]> {
  const runs: ChapterRun[] = [];
  const gpt = await openOn(context, siteUrl + "ch3-6-bert.html", null);
  try {
    const train = await pressTrain(gpt, "train-gpt");
    const [, windows, epochs, budget] = /：([\d,]+) 个窗口 × (\d+) 轮（训练规模：(.+?)；/.exec(train.title) ?? [];
    await gpt.locator('[data-output="gpt-perplexity"] tbody tr').nth(2).waitFor({ timeout: 600_000 }); // computed after training
    const rows = await cellTexts(gpt, "gpt-perplexity");
    const [uniform, bigram, model] = rows.map((r) => Number(r[1]));
    const kv = gpt.locator('[data-output="kv-cache"][data-speedup]');
    await kv.waitFor({ timeout: 600_000 });
    const kvCaption = (await kv.locator("caption").textContent()) ?? "";
    const kvRows = await cellTexts(gpt, "kv-cache");
    runs.push({
      chapter: "3.6 GPT 写唐诗（字符级，测试困惑度）",
      backend: await backendOf(gpt),
      budget: budget ?? "",
      trainImages: count(windows),
      epochs: Number(epochs),
      seconds: train.seconds,
      testAccuracy: NaN,
      samplesPerSecond: train.samplesPerSecond,
      notes: `测试困惑度 GPT ${model}、二元语法 ${bigram}、均匀 ${uniform}；KV 缓存：${kvRows.map((r) => `${r[0]} ${r[1]} ms`).join("，")}（${kvCaption}）`
    });
  } finally {
    await gpt.close();
  }
  const ln = await openOn(context, siteUrl + "ch3-5-transformer.html", null);
  try {
    const started = Date.now();
    await ln.locator('[data-action="compare-ln"]').click({ timeout: 120_000 });
    await ln.locator('[data-output="norm-placement-table"]').waitFor({ timeout: 1_800_000 });
    const rows = await cellTexts(ln, "norm-placement-table");
    runs.push({
      chapter: "3.5 post-LN 与 pre-LN（6 层，学习率 0.01）",
      backend: await backendOf(ln),
      budget: ((await ln.locator('[data-action="compare-ln"]').textContent()) ?? "").replace(/^开始比较/, ""),
      trainImages: 0,
      epochs: 0,
      seconds: (Date.now() - started) / 1000,
      testAccuracy: NaN,
      samplesPerSecond: 0,
      notes: `最后 10 步平均训练损失：${rows.map((r) => `${r[0]} ${r[2]}`).join("，")}`
    });
  } finally {
    await ln.close();
  }
  return runs;
}
