// 3.3: the from-scratch cells (and the bidirectional RNN) equal tf.layers in the page, the
// GRU's reset-after form differs from reset-before; a tiny run of each training
// cell (quick budget) makes loss fall; typing a name updates the probability; sampling with
// a fixed seed is reproducible; reruns leak no tensor; nothing leaves localhost.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { expectTensorCount, openChapter, steadyTensorCount, test, useSession, type PageLog } from "./browser.js";
import { numberAttribute } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });
// The tests share one page (opened once, trained step by step): a failure skips the rest.
test.describe.configure({ mode: "serial" });
let page: Page;
let log: PageLog;
test.beforeAll(async () => {
  ({ page, log } = await openChapter(await session(), "ch3-3-rnn.html"));
});


async function train(cell: string): Promise<{ start: number; end: number }> {
  await page.locator(`[data-cell="${cell}"] [data-action="train"]`).click();
  const panel = page.locator(`[data-cell="${cell}"] .training-panel[data-state="done"]`);
  await panel.waitFor({ timeout: 180_000 });
  return { start: await numberAttribute(panel, "data-loss-start"), end: await numberAttribute(panel, "data-loss-end") };
}

test.describe("3.3 循环神经网络", () => {
  test("computes the RNN, LSTM and GRU equations exactly as tf.layers does", async () => {
    await expectHostedPageClean(page, log);
    const check = page.locator('[data-output="cells-check"]');
    await check.waitFor({ timeout: 60_000 });
    const rows = await check.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(rows.map((r) => r[0]), ["rnn", "lstm", "gru"]);
    for (const row of rows) assert.ok(Number(row[3]) < 1e-5, `${row[0]}: ${row[3]}`);
    assert.match((await page.locator('[data-output="names-info"]').textContent()) ?? "", /两表都有.*已去掉/);
    const bidirectional = page.locator('[data-output="bidirectional-check"]');
    await bidirectional.waitFor({ timeout: 60_000 });
    const biRows = await bidirectional.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(biRows.map((r) => [r[0], r[1]]), [["rnn", "3×6×10"], ["lstm", "3×6×10"], ["gru", "3×6×10"]]);
    for (const row of biRows) assert.ok(Number(row[2]) < 1e-5, `bidirectional ${row[0]}: ${row[2]}`);
    const resetAfter = page.locator('[data-output="gru-reset-after"]');
    await resetAfter.waitFor({ timeout: 60_000 });
    const gap = /平均 ([\d.]+)，最大 ([\d.]+)/.exec((await resetAfter.textContent()) ?? "");
    assert.ok(gap && Number(gap[1]) > 0.01, "reset-before and reset-after differ on the same weights");
  });

  test("trains the name classifier (loss falls), and the probability follows what the reader types", async () => {
    const probability = page.locator('[data-output="name-probability"][data-probability]');
    await probability.waitFor({ timeout: 60_000 });
    assert.match((await probability.textContent()) ?? "", /还没训练/);
    const { start, end } = await train("train-names");
    assert.ok(end < start, `loss ${start} → ${end}`);
    await page.locator('[data-output="names-accuracy"]').waitFor();
    assert.match((await page.locator('[data-output="names-accuracy"]').textContent()) ?? "", /测试集准确率：[\d.]+%/);
    await page.locator('[data-output="name-probability"]:not(:has-text("还没训练"))').waitFor({ timeout: 30_000 });
    const box = page.getByLabel("输入一个英文名字");
    const before = await probability.getAttribute("data-probability");
    await box.fill("bartholomew");
    await page.locator('[data-output="name-probability"]', { hasText: "bartholomew" }).waitFor({ timeout: 30_000 });
    assert.notEqual(await page.locator('[data-output="name-probability"]').getAttribute("data-probability"), before);
    const states = page.locator('[data-output="hidden-states"] svg[data-heatmap]');
    await states.nth(3).waitFor({ timeout: 30_000 });
    assert.deepEqual(await states.evaluateAll((svgs) => svgs.map((s) => s.getAttribute("data-heatmap"))), ["32x11", "32x11", "32x11", "32x11"]);
  });

  test("reruns of the training cell leave tf.memory().numTensors at its baseline", async () => {
    const baseline = await steadyTensorCount(page);
    for (let i = 0; i < 3; i++) {
      await page.locator('[data-cell="train-names"] [data-action="run"]').click();
      await page.locator('[data-cell="train-names"] .training-panel:not([data-state])').waitFor();
      await train("train-names");
      await page.locator('[data-output="names-accuracy"]').waitFor();
    }
    await expectTensorCount(page, baseline, "a rerun leaves no tensor behind");
  });

  test("trains the name generator and samples reproducibly for a fixed seed", async () => {
    const { start, end } = await train("train-lm");
    assert.ok(end < start, `loss ${start} → ${end}`);
    const sampled = page.locator('[data-output="sampled-names"]:not(:has-text("还没训练"))');
    await sampled.waitFor({ timeout: 60_000 });
    const first = await sampled.textContent();
    const seed = page.getByLabel("随机种子");
    await seed.fill("8");
    await page.locator('[data-output="sampled-names"]', { hasText: "种子 8" }).waitFor({ timeout: 30_000 });
    await seed.fill("7");
    await page.locator('[data-output="sampled-names"]', { hasText: "种子 7" }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-output="sampled-names"]').textContent(), first, "same seed, same names");
    assert.ok((await page.locator('[data-output="sample-steps"] tbody tr').count()) >= 1);
  });

  test("runs the remember-first experiment and draws the gradient norms of both models", async () => {
    await train("remember-first");
    const table = page.locator('[data-output="remember-first"]');
    await table.waitFor({ timeout: 120_000 });
    assert.equal(await table.locator("tbody tr").count(), 4);
    const chart = page.locator('[data-output="gradient-norms"]');
    await chart.waitFor({ timeout: 60_000 });
    assert.equal(await chart.locator("path[data-series]").count(), 2);
    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
  });
});
