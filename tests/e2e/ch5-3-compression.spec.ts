// 5.3 模型压缩: every cell runs in quick mode; the sweeps give one row per setting with real
// accuracies; the stored model's weights are unchanged after all the compression; a rerun
// leaves no tensor behind; bad settings (bits, rank, the reader's own model when there is
// none) give a Chinese message and run nothing; nothing is fetched from outside.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectTensorCount, openChapter, pageTensorCount, root, test, useSession } from "./browser.js";
import { cell, runCode, waitForState } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });

const rowsOf = (page: Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
const percent = (text: string) => {
  const value = Number(text);
  assert.ok(Number.isFinite(value) && value >= 0 && value <= 100, `not a percentage: ${text}`);
  return value;
};
const source = readFileSync(join(root, "src", "ch5-3-compression.md"), "utf8");
const codeOf = (id: string) => new RegExp("```ts cell=" + id + "\\n([\\s\\S]*?)```").exec(source)![1];

test.describe("5.3 模型压缩", () => {
  test("runs every cell, compresses a copy, leaves the stored model unchanged, and refuses bad settings", async () => {
    const { page, log } = await openChapter(await session(), "ch5-3-compression.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["compress-data", "book-model", "quant-sweep", "quant-histogram", "act-calibration", "qat", "prune-sweep", "prune-finetune", "structured", "teacher-soft", "distill", "low-rank", "low-rank-finetune", "compress-summary"]);
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 240_000 });
    await expectHostedPageClean(page, log);
    console.log(`5.3 ran on ${await page.locator("[data-backend-badge]").getAttribute("data-backend")}`);

    const model = page.locator('[data-output="book-model"]');
    assert.equal(await model.getAttribute("data-source"), "reference");
    assert.match((await model.textContent()) ?? "", /参考模型.*准确率 \d+\.\d+%/);

    const quant = await rowsOf(page, "quant-sweep");
    assert.equal(quant.length, 10);
    assert.deepEqual(quant.map((r) => r[1]), ["8", "6", "4", "3", "2", "8", "6", "4", "3", "2"]);
    quant.forEach((r) => percent(r[2]));
    // 8 bits per channel is close to the float model; 2 bits per tensor is stored in 1/16 of the bytes.
    assert.ok(percent(quant[5][2]) > 80, `8-bit accuracy ${quant[5][2]}`);
    assert.ok(Number(quant[4][3].replaceAll(",", "")) < 225_034 * 4 / 15);

    assert.equal(await page.locator('[data-cell="quant-histogram"] svg[data-chart="histogram"]').getAttribute("data-grid"), "7");
    assert.match((await page.locator('[data-output="quant-histogram"]').textContent()) ?? "", /3 位有 7 个格点/);
    const calibration = await rowsOf(page, "act-calibration");
    assert.deepEqual(calibration.map((r) => r[0]), ["最小/最大值", "99.99% 分位数", "99.9% 分位数"]);
    calibration.forEach((r) => r.slice(2).forEach((v) => percent(v.replace("%", ""))));
    // A percentile clips below the largest activation seen.
    const clips = calibration.map((r) => r[1].split(" / ").map(Number));
    clips[2].forEach((c, i) => assert.ok(c <= clips[0][i], `99.9% ≤ max: ${calibration.map((r) => r[1])}`));
    const qat = await rowsOf(page, "qat");
    assert.equal(qat.length, 3);
    qat.forEach((r) => percent(r[1]));

    const pruning = await rowsOf(page, "prune-sweep");
    assert.equal(pruning.length, 14);
    assert.equal((await rowsOf(page, "prune-layers")).length, 4);
    assert.equal((await rowsOf(page, "prune-finetune")).length, 4);
    const structured = await rowsOf(page, "structured");
    assert.equal(structured.length, 3);
    assert.equal(structured[2][1], "16-32-64"); // half the channels of 32-64-128
    structured.forEach((r) => assert.ok(Number(r[4]) > 0));
    // The 95%-sparse model stores every weight but only 5% of the kernel weights are non-zero.
    assert.ok(Number(structured[1][3].replaceAll(",", "")) < 0.06 * 225_034);

    assert.equal((await rowsOf(page, "teacher-soft")).length, 4);
    const students = await rowsOf(page, "distill");
    assert.deepEqual(students.map((r) => r[0]), ["只学标签", "蒸馏 T = 1", "蒸馏 T = 2", "蒸馏 T = 4", "蒸馏 T = 8"]);
    const ranks = await rowsOf(page, "low-rank");
    assert.deepEqual(ranks.map((r) => r[0]), ["1", "2", "4", "8", "16", "32", "64", "128"]);
    assert.equal(ranks[4][1], "27,648"); // 16 × (1600 + 128)
    const tuned = await rowsOf(page, "low-rank-finetune");
    assert.deepEqual(tuned.map((r) => r[0]), ["4"]);
    tuned.forEach((r) => [r[2], r[3]].forEach(percent));

    const summary = await rowsOf(page, "compress-summary");
    assert.equal(summary.length, 8);
    summary.forEach((r) => percent(r[1]));
    const unchanged = page.locator('[data-output="model-unchanged"]');
    assert.equal(await unchanged.getAttribute("data-after"), await unchanged.getAttribute("data-before"));
    assert.equal(await unchanged.getAttribute("data-before"), await model.getAttribute("data-fingerprint"));

    // Rerunning the quantisation sweep leaves the page's tensor count where it was.
    const before = await pageTensorCount(page);
    await cell(page, "quant-sweep").evaluate((f) => f.removeAttribute("data-state"));
    await cell(page, "quant-sweep").locator('[data-action="run"]').click();
    await waitForState(page, "quant-sweep", /^done$/, 120_000);
    await expectTensorCount(page, before, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);

    // The same page: bad settings are refused in Chinese before anything runs.
    const bits = codeOf("quant-sweep");
    assert.match(bits, /const sweepBits = \[8, 6, 4, 3, 2\];/);
    await runCode(page, "quant-sweep", bits.replace("const sweepBits = [8, 6, 4, 3, 2];", "const sweepBits = [8, 17];"));
    await waitForState(page, "quant-sweep", /^error$/, 60_000);
    assert.match((await cell(page, "quant-sweep").textContent()) ?? "", /位数必须是 1 到 16 之间的整数，收到的是 17/);

    const rank = codeOf("low-rank");
    await runCode(page, "low-rank", rank.replace("const lowRankChoice = 16;", "const lowRankChoice = 0;"));
    await waitForState(page, "low-rank", /^error$/, 60_000);
    assert.match((await cell(page, "low-rank").textContent()) ?? "", /秩必须是 1 到 128/);

    // No model in the store: asking for the reader's own one says so and computes nothing.
    await page.locator('select[aria-label="选择要压缩的模型"]').selectOption("mine");
    await waitForState(page, "book-model", /^error$/, 60_000);
    assert.match((await cell(page, "book-model").textContent()) ?? "", /模型库里没有它/);
    await page.close();
  });
});
