// The chapters' default training runs, pressed as a reader presses them (开始训练), with
// the results each page shows read back from its data-output elements.
import type { BrowserContext, Page } from "playwright-core";
import { openOn, type Backend } from "./parts.js";

export const CHAPTERS = ["3.2", "3.3", "3.4", "3.5", "3.6"] as const;
export type Chapter = (typeof CHAPTERS)[number];

export interface ChapterRun {
  chapter: string;
  backend: string;
  budget: string;
  /** Training examples (images, names) per epoch. */
  trainImages: number;
  epochs: number;
  seconds: number;
  testAccuracy: number;
  samplesPerSecond: number;
  /** What else the chapter reported (baseline, generated names, …). */
  notes?: string;
}

/** 3.2's default training exactly as a reader runs it: press 开始训练, wait for the accuracy. */
export async function runCnnChapter(context: BrowserContext, siteUrl: string, backend: Backend | null, quick = false): Promise<ChapterRun> {
  const page = await openOn(context, siteUrl + "ch3-2-cnn.html", backend, quick);
  try {
    const { title, seconds, samplesPerSecond } = await pressTrain(page, "train-cnn");
    const accuracy = page.locator('[data-output="cnn-accuracy"]', { hasText: "测试集准确率" });
    await accuracy.waitFor({ timeout: 300_000 });
    const percent = Number(/测试集准确率：([\d.]+)%/.exec((await accuracy.textContent()) ?? "")?.[1]);
    const [, images, epochs, budget] = /：([\d,]+) 张训练图像 × (\d+) 轮（训练规模：(.+)）/.exec(title) ?? [];
    return {
      chapter: "3.2 卷积神经网络",
      backend: await backendOf(page),
      budget: budget ?? "",
      trainImages: Number((images ?? "0").replaceAll(",", "")),
      epochs: Number(epochs),
      seconds,
      testAccuracy: percent / 100,
      samplesPerSecond
    };
  } finally {
    await page.close();
  }
}

export const backendOf = async (page: Page) => (await page.locator("[data-backend-badge]").getAttribute("data-backend")) ?? "";
export const count = (text: string | undefined) => Number((text ?? "0").replaceAll(",", ""));
export const cellTexts = (page: Page, output: string) => page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));

export async function pressTrain(page: Page, cell: string): Promise<{ seconds: number; title: string; samplesPerSecond: number }> {
  const button = page.locator(`[data-cell="${cell}"] [data-action="train"]`);
  await button.waitFor({ timeout: 120_000 });
  const title = (await page.locator(`[data-cell="${cell}"] .training-head strong`).textContent()) ?? "";
  const started = Date.now();
  await button.click();
  const panel = page.locator(`[data-cell="${cell}"] .training-panel[data-state="done"]`);
  await panel.waitFor({ timeout: 3_600_000 });
  return { seconds: (Date.now() - started) / 1000, title, samplesPerSecond: Number(await panel.getAttribute("data-samples-per-second")) };
}

/** 3.3's default runs as a reader does them: the name classifier, the generator, the
 * remember-first experiment. */
export async function runRnnChapter(context: BrowserContext, siteUrl: string, backend: Backend | null, quick = false): Promise<ChapterRun[]> {
  const page = await openOn(context, siteUrl + "ch3-3-rnn.html", backend, quick);
  try {
    const badge = () => backendOf(page);
    const classifier = await pressTrain(page, "train-names");
    const accuracyText = (await page.locator('[data-output="names-accuracy"]').textContent()) ?? "";
    const [, images, epochs, budget] = /：([\d,]+) 个名字 × (\d+) 轮（训练规模：(.+)）/.exec(classifier.title) ?? [];
    const runs: ChapterRun[] = [
      {
        chapter: "3.3 名字分类（LSTM）",
        backend: await badge(),
        budget: budget ?? "",
        trainImages: Number((images ?? "0").replaceAll(",", "")),
        epochs: Number(epochs),
        seconds: classifier.seconds,
        testAccuracy: Number(/测试集准确率：([\d.]+)%/.exec(accuracyText)?.[1]) / 100,
        samplesPerSecond: classifier.samplesPerSecond,
        notes: accuracyText.replace(/^测试集准确率：[\d.]+%，/, "")
      }
    ];
    const generator = await pressTrain(page, "train-lm");
    const sampled = page.locator('[data-output="sampled-names"]:not(:has-text("还没训练"))');
    await sampled.waitFor({ timeout: 120_000 });
    const [, lmImages, lmEpochs] = /：([\d,]+) 个名字 × (\d+) 轮/.exec(generator.title) ?? [];
    runs.push({ chapter: "3.3 名字生成（字符 LSTM）", backend: await badge(), budget: budget ?? "", trainImages: Number((lmImages ?? "0").replaceAll(",", "")), epochs: Number(lmEpochs), seconds: generator.seconds, testAccuracy: NaN, samplesPerSecond: generator.samplesPerSecond, notes: ((await sampled.textContent()) ?? "").trim() });
    const memory = await pressTrain(page, "remember-first");
    const table = page.locator('[data-output="remember-first"]');
    await table.waitFor({ timeout: 300_000 });
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "").join(" ")));
    runs.push({ chapter: "3.3 记住第一个符号", backend: await badge(), budget: budget ?? "", trainImages: 2000, epochs: Number(/各训练 (\d+) 轮/.exec(memory.title)?.[1]), seconds: memory.seconds, testAccuracy: NaN, samplesPerSecond: memory.samplesPerSecond, notes: rows.join("；") });
    return runs;
  } finally {
    await page.close();
  }
}

/** 3.4–3.6's default runs: the spam classifier with its bag-of-words baseline, the
 * Transformer on digit reversal (accuracy and the best-aligned head), the masked LM. */
export async function runAttentionChapters(context: BrowserContext, siteUrl: string, which: readonly string[], backend: Backend | null = null): Promise<ChapterRun[]> {
  const runs: ChapterRun[] = [];
  const open = async (path: string, work: (page: Page) => Promise<void>) => {
    const page = await openOn(context, siteUrl + path, backend);
    try {
      await work(page);
    } finally {
      await page.close();
    }
  };
  if (which.includes("3.4"))
    await open("ch3-4-attention.html", async (page) => {
      const run = await pressTrain(page, "train-spam");
      const rows = await cellTexts(page, "spam-accuracy");
      const percent = (name: string) => Number.parseFloat(rows.find((r) => r[0] === name)?.[1] ?? "NaN") / 100;
      const mails = /训练集 ([\d,]+) 封/.exec((await page.locator('[data-cell="mails"]').textContent()) ?? "")?.[1];
      const [, epochs, budget] = /各 (\d+) 轮（训练规模：(.+)）/.exec(run.title) ?? [];
      runs.push({ chapter: "3.4 垃圾邮件分类（注意力池化）", backend: await backendOf(page), budget: budget ?? "", trainImages: count(mails), epochs: Number(epochs), seconds: run.seconds, testAccuracy: percent("注意力池化"), samplesPerSecond: run.samplesPerSecond, notes: `词袋（平均）基线 ${(percent("词袋（平均）") * 100).toFixed(1)}%；用时含两个模型` });
    });
  if (which.includes("3.5"))
    await open("ch3-5-transformer.html", async (page) => {
      const run = await pressTrain(page, "train-transformer");
      const accuracy = /逐位准确率：([\d.]+)%/.exec((await page.locator('[data-output="reverse-accuracy"]').textContent()) ?? "")?.[1];
      const heads = (await cellTexts(page, "reverse-alignment")).map(([layer, head, share]) => ({ layer, head, share: Number.parseFloat(share) }));
      const best = heads.sort((a, b) => b.share - a.share)[0];
      const [, sequences, epochs, budget] = /：([\d,]+) 条序列 × (\d+) 轮（训练规模：(.+)）/.exec(run.title) ?? [];
      runs.push({ chapter: "3.5 Transformer 倒序 8 个数字", backend: await backendOf(page), budget: budget ?? "", trainImages: count(sequences), epochs: Number(epochs), seconds: run.seconds, testAccuracy: Number(accuracy) / 100, samplesPerSecond: run.samplesPerSecond, notes: best ? `对齐最好的头：第 ${best.layer} 层头 ${best.head}，argmax 落在倒序位置 ${best.share.toFixed(1)}%（各头：${heads.map((h) => `${h.layer}-${h.head} ${h.share.toFixed(0)}%`).join("，")}）` : "" });
    });
  if (which.includes("3.6"))
    await open("ch3-6-bert.html", async (page) => {
      const run = await pressTrain(page, "train-mlm");
      const text = (await page.locator('[data-output="mlm-accuracy"]').textContent()) ?? "";
      const [, restored] = /模型还原了 ([\d.]+)%/.exec(text) ?? [];
      const [, names, epochs, budget] = /：([\d,]+) 个名字 × (\d+) 轮（训练规模：(.+?)；/.exec(run.title) ?? [];
      runs.push({ chapter: "3.6 字符级掩码语言模型", backend: await backendOf(page), budget: budget ?? "", trainImages: count(names), epochs: Number(epochs), seconds: run.seconds, testAccuracy: Number(restored) / 100, samplesPerSecond: run.samplesPerSecond, notes: `测试集被遮盖字符的还原率；${text.replace(/^.*?；/, "")}` });
    });
  return runs;
}
