// 3.6: the tiny masked language model trains in the page (quick budget; loss falls) and
// returns k guesses for each masked character, with attention maps of the sentence; the GPT
// on Tang poems trains, is scored against the bigram baseline, writes, rejects bad settings
// with Chinese messages, draws causal maps and times the KV cache. One page load.
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
  ({ page, log } = await openChapter(await session(), "ch3-6-bert.html"));
});

test.describe("3.6 masked language model", () => {
  test("trains, guesses the masked characters (top 5 each) and draws layers × heads attention; reruns leak nothing", async () => {
    await expectHostedPageClean(page, log);
    await page.locator('[data-output="mask-counts"]').waitFor({ timeout: 60_000 });
    const counts = await page.locator('[data-output="mask-counts"] tbody tr').evaluateAll((trs) => trs.map((tr) => parseFloat(tr.children[1].textContent ?? "")));
    assert.equal(counts.length, 4);
    assert.ok(counts[0] >= 15 && counts[0] < 22, `target share ${counts[0]}%`);
    assert.ok(Math.abs(counts[1] - 80) < 3, `[MASK] share ${counts[1]}%`);
    assert.equal(await page.locator('[data-output="sentence-pair"] tbody tr').count(), 12);
    const examples = await page.locator('[data-output="mask-examples"]').innerHTML();
    await page.getByLabel("遮盖的随机种子").fill("2");
    // Another seed masks other characters: the examples are drawn again, differently.
    await page.waitForFunction((old) => { const now = document.querySelector('[data-output="mask-examples"]')?.innerHTML; return now !== undefined && now !== old; }, examples, { timeout: 60_000 });
    await page.locator('[data-output="mask-counts"]').waitFor();
    const guess = page.locator('[data-output="mlm-guess"]');
    await guess.locator('[data-output="mlm-top"]').waitFor({ timeout: 60_000 });
    assert.match((await guess.textContent()) ?? "", /还没训练/);
    const cell = page.locator('[data-cell="train-mlm"]');
    await cell.locator('[data-action="train"]').click();
    const panel = cell.locator('.training-panel[data-state="done"]');
    await panel.waitFor({ timeout: 240_000 });
    assert.ok((await numberAttribute(panel, "data-loss-end")) < (await numberAttribute(panel, "data-loss-start")));
    const score = (await page.locator('[data-output="mlm-accuracy"]').textContent()) ?? "";
    assert.match(score, /模型还原了 [\d.]+%；总是猜训练集里最常见的字符“[a-z]”只能对 [\d.]+%/);
    await page.locator('[data-output="mlm-guess"]:not(:has-text("还没训练"))').waitFor({ timeout: 60_000 });
    await page.getByLabel("输入带 _ 的名字").fill("_li_e");
    await page.locator('[data-output="mlm-guess"] svg', { hasText: "_li_e" }).first().waitFor({ timeout: 30_000 });
    const rows = await page.locator('[data-output="mlm-top"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(rows.map((r) => r[0]), ["1", "4"], "one row per masked position");
    for (const row of rows) {
      assert.equal(row.length, 6, "position + 5 guesses");
      for (const cellText of row.slice(1)) assert.match(cellText, /^[a-z-]（[\d.]+%）$/);
    }
    assert.deepEqual(await page.locator('[data-output="mlm-guess"] svg[data-heatmap]').evaluateAll((s) => s.map((e) => e.getAttribute("data-heatmap"))), ["5x5", "5x5", "5x5", "5x5"]);
    const labels = await page.locator('[data-output="mlm-guess"] svg[data-heatmap]').first().locator(":scope > text").allTextContents();
    assert.deepEqual(labels.slice(1), [..."_li_e", ..."_li_e"], "rows and columns are labelled with the characters");
    await page.locator('[data-output="gpt-sample"] .gpt-poem').nth(2).waitFor({ timeout: 120_000 }); // the GPT's cells are idle
    const baseline = await steadyTensorCount(page);
    await cell.locator('[data-action="run"]').click();
    await cell.locator('[data-action="train"]').click();
    await cell.locator('.training-panel[data-state="done"]').waitFor({ timeout: 240_000 });
    await expectTensorCount(page, baseline, "a rerun leaves no tensor behind");
    assert.deepEqual(log.errors, []);
  });
});

test.describe("3.6 GPT on Tang poems", () => {
  test("shows the three attention patterns and the corpus, trains, beats nothing by fiat: perplexities are read back", async () => {
    assert.deepEqual(await page.locator('[data-output="architectures"] svg[data-heatmap]').evaluateAll((s) => s.map((e) => e.getAttribute("data-heatmap"))), ["3x3", "4x4", "7x7"]);
    await page.locator('[data-output="bigram-perplexity"]').waitFor({ timeout: 60_000 });
    const bigram = Number(/困惑度：([\d.]+)/.exec((await page.locator('[data-output="bigram-perplexity"]').textContent()) ?? "")?.[1]);
    assert.ok(bigram > 1 && bigram < 1500, `bigram perplexity ${bigram}`);
    await page.locator('[data-output="gpt-sample"]:has-text("还没训练")').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('[data-output="gpt-attention"] svg[data-heatmap="12x12"]').count(), 8, "2 layers × 4 heads");
    const cell = page.locator('[data-cell="train-gpt"]');
    await cell.locator('[data-action="train"]').click();
    const panel = cell.locator('.training-panel[data-state="done"]');
    await panel.waitFor({ timeout: 240_000 });
    assert.ok((await numberAttribute(panel, "data-loss-end")) < (await numberAttribute(panel, "data-loss-start")));
    await page.locator('[data-output="gpt-perplexity"] tbody tr').nth(2).waitFor({ timeout: 120_000 });
    const rows = await page.locator('[data-output="gpt-perplexity"] tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.children[1].textContent)));
    assert.equal(rows.length, 3);
    assert.equal(rows[1], Number(bigram.toFixed(1)));
    assert.ok(rows[2] > 1 && rows[2] < rows[0], `GPT perplexity ${rows[2]} below uniform ${rows[0]}`);
    await page.locator('[data-output="gpt-sample"]:not(:has-text("还没训练")) .gpt-poem').nth(2).waitFor({ timeout: 60_000 });
    for (const poem of await page.locator('[data-output="gpt-sample"] .gpt-poem').allTextContents()) assert.match(poem, /^种子 \d：春風/);
    const kv = page.locator('[data-output="kv-cache"][data-speedup]');
    await kv.waitFor({ timeout: 120_000 });
    assert.ok((await numberAttribute(kv, "data-speedup")) > 0);
    assert.match((await kv.textContent()) ?? "", /写出的字完全相同/);
  });

  test("rejects an empty or over-long prompt, unknown characters, temperature ≤ 0, top-k 0 and top-p outside (0, 1] in Chinese; a rerun leaks no tensor", async () => {
    const problem = page.locator('[data-output="gpt-sample"][data-problem]');
    const expectProblem = async (label: string, value: string, message: RegExp) => {
      await page.getByLabel(label, { exact: true }).fill(value);
      await problem.filter({ hasText: message }).waitFor({ timeout: 30_000 });
    };
    await expectProblem("开头", "", /请先写至少一个字/);
    await expectProblem("开头", "春".repeat(40), /开头最多 31 个字/);
    await expectProblem("开头", "春风", /字表里没有：「风」/);
    await page.getByLabel("开头", { exact: true }).fill("春風");
    await expectProblem("温度", "0", /温度必须是大于 0 的数/);
    await page.getByLabel("温度", { exact: true }).fill("0.8");
    await expectProblem("top-k（留空不限）", "0", /top-k 必须是不小于 1 的整数/);
    await page.getByLabel("top-k（留空不限）", { exact: true }).fill("");
    await expectProblem("top-p", "1.5", /top-p 必须在 \(0, 1\]/);
    await page.getByLabel("top-p", { exact: true }).fill("0.9");
    await page.locator('[data-output="gpt-sample"] .gpt-poem').nth(2).waitFor({ timeout: 60_000 });
    const baseline = await steadyTensorCount(page);
    const cell = page.locator('[data-cell="train-gpt"]');
    await cell.locator('[data-action="run"]').click();
    await cell.locator('[data-action="train"]').click();
    await cell.locator('.training-panel[data-state="done"]').waitFor({ timeout: 240_000 });
    await page.locator('[data-output="kv-cache"][data-speedup]').waitFor({ timeout: 120_000 });
    await page.locator('[data-output="gpt-sample"]:not(:has-text("还没训练")) .gpt-poem').nth(2).waitFor({ timeout: 60_000 });
    await expectTensorCount(page, baseline, "a rerun of the GPT leaves no tensor behind");
    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
  });
});
