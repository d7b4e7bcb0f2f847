// 3.4 on one page load (quick budget): the three scoring functions equal their loops, the
// seed's bmm fails and the fix works; the spam classifier with attention pooling trains
// next to its bag-of-words baseline and highlights words; the Bahdanau seq2seq trains on
// dates, reports exact match, draws the alignment for the reader's own input and explains
// bad input; a rerun leaks no tensor; nothing leaves localhost.
import assert from "node:assert/strict";
import { expectTensorCount, openChapter, pageTensorCount, test, useSession } from "./browser.js";
import { numberAttribute } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });
const rowsOf = (page: import("playwright-core").Page, output: string) => page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));

test.describe("3.4 注意力机制", () => {
  test("checks the scoring functions, trains both mail models and the date translator, and draws the reader's alignment", async () => {
    const { page, log } = await openChapter(await session(), "ch3-4-attention.html");
    await expectHostedPageClean(page, log);
    await page.locator('[data-cell="mails"] .book-cell-output', { hasText: "词表 2000 个词" }).waitFor({ timeout: 60_000 });

    await page.locator('[data-output="scoring-check"]').waitFor({ timeout: 60_000 });
    const scoring = await rowsOf(page, "scoring-check");
    assert.deepEqual(scoring.map((r) => r[0]), ["点积", "缩放点积", "加性"]);
    for (const row of scoring) {
      assert.ok(Number(row[1]) < 1e-5, `${row[0]} vs loop: ${row[1]}`);
      assert.ok(row[4].split(" / ").every((w) => Number(w) === 0), "padding gets no weight");
    }
    assert.ok(Number(scoring[0][2]) > Number(scoring[1][2]), "unscaled dot products concentrate the weights more");
    const seed = (await page.locator('[data-output="seed-rewrite"]').textContent()) ?? "";
    assert.match(seed, /原文的乘法 .* 失败/);
    assert.match(seed, /输出形状 \[2, 8\]/);

    // Attention pooling on real mails.
    assert.match((await page.locator('[data-output="spam-words"]').textContent()) ?? "", /训练结束后/);
    await page.locator('[data-cell="train-spam"] [data-action="train"]').click();
    const spamPanel = page.locator('[data-cell="train-spam"] .training-panel[data-state="done"]');
    await spamPanel.waitFor({ timeout: 240_000 });
    assert.ok((await numberAttribute(spamPanel, "data-loss-end")) < (await numberAttribute(spamPanel, "data-loss-start")));
    const spam = await rowsOf(page, "spam-accuracy");
    assert.deepEqual(spam.map((r) => r[0]), ["注意力池化", "词袋（平均）"]);
    for (const row of spam) assert.ok(parseFloat(row[1]) > 60, `${row[0]}: ${row[1]}`);
    const words = page.locator('[data-output="spam-words"] .word-weights span');
    await words.first().waitFor({ timeout: 60_000 });
    const weights = await words.evaluateAll((spans) => spans.map((s) => Number(s.getAttribute("data-weight"))));
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 0.01, "the weights of a mail's words sum to 1");
    await page.getByLabel("选择测试集中的邮件").fill("5");
    await page.locator('[data-output="spam-words"]', { hasText: "测试邮件 6" }).waitFor({ timeout: 30_000 });

    // The date translator.
    assert.equal(await page.locator('[data-output="date-formats"] tbody tr').count(), 11);
    assert.match((await page.locator('[data-output="date-alignment"]').textContent()) ?? "", /训练结束/);
    const trainDates = async () => {
      await page.locator('[data-cell="train-seq2seq"] [data-action="train"]').click();
      const panel = page.locator('[data-cell="train-seq2seq"] .training-panel[data-state="done"]');
      await panel.waitFor({ timeout: 240_000 });
      await page.locator('[data-output="seq2seq-accuracy"]').waitFor({ timeout: 60_000 });
      return panel;
    };
    const datePanel = await trainDates();
    assert.ok((await numberAttribute(datePanel, "data-loss-end")) < (await numberAttribute(datePanel, "data-loss-start")));
    const exact = await numberAttribute(page.locator('[data-output="seq2seq-accuracy"]'), "data-exact-match");
    assert.ok(exact >= 0 && exact <= 1);
    assert.equal((await rowsOf(page, "seq2seq-by-format")).length, 11);
    const translation = page.locator('[data-output="date-alignment"] [data-translation]');
    await translation.waitFor({ timeout: 60_000 });
    assert.match((await translation.getAttribute("data-translation")) ?? "", /^[0-9-]{10}$/);
    // One row per output character, one column per character of "2021年3月5日星期五".
    assert.equal(await page.locator('[data-output="date-alignment"] svg[data-heatmap]').getAttribute("data-heatmap"), "10x12");
    const box = page.getByLabel("输入一个日期");
    await box.fill("2021年3月5号");
    await page.locator('[data-output="date-alignment"][data-error]', { hasText: "没见过这些字符：“号”" }).waitFor({ timeout: 30_000 });
    assert.equal(await box.inputValue(), "2021年3月5号", "the reader's text is kept");
    await box.fill("March 15, 1999");
    await page.locator('[data-output="date-alignment"] svg[data-heatmap="10x14"]').waitFor({ timeout: 30_000 });

    // Rerunning the training cell frees the old model, its optimiser and every temporary.
    const baseline = await pageTensorCount(page);
    await page.locator('[data-cell="train-seq2seq"] [data-action="run"]').click();
    await page.locator('[data-cell="train-seq2seq"] .training-panel:not([data-state])').waitFor();
    await trainDates();
    await page.locator('[data-output="date-alignment"] [data-translation]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 60_000 });
    await expectTensorCount(page, baseline, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
