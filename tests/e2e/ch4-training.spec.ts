// 第4章: every cell runs in quick mode; the stable log-softmax is finite where the naive one is
// NaN/-Infinity; the from-scratch optimisers match tf.train; nothing is fetched from outside.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openChapter, pageTensorCount, root, useSession } from "./browser.js";
import { runCode, waitForState } from "./cells.js";

const session = useSession();

/** The text of every body cell of the table with data-output=`output`, row by row. */
const rowsOf = (page: import("playwright-core").Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));

describe("第4章 训练与优化", () => {
  it("runs every cell, shows the stable form finite where the naive one breaks, and the optimisers equal to tf.train", async () => {
    const { page, log } = await openChapter(await session(), "ch4-training.html");
    const cells = page.locator("figure[data-cell]");
    const ids = await cells.evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["log-softmax", "loss-check", "optim-check", "quadratic-paths"]);
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 120_000 });

    const logSoftmax = await rowsOf(page, "log-softmax");
    const naive = logSoftmax.find((row) => row[0].startsWith("朴素"))!;
    const stable = logSoftmax.find((row) => row[0].startsWith("稳定"))!;
    assert.ok(naive.slice(1).every((v) => /NaN|-Infinity/.test(v)), `naive row: ${naive}`);
    assert.ok(stable.slice(1).every((v) => Number.isFinite(Number(v))), `stable row: ${stable}`);
    assert.deepEqual(stable.slice(1, 4).map(Number), [0, -1e4, -2e4]);

    const losses = await rowsOf(page, "loss-check");
    assert.equal(losses.length, 6);
    for (const row of losses) {
      assert.ok(row.slice(1, 3).every((v) => Number.isFinite(Number(v))), `loss row: ${row}`);
      assert.ok(Number(row[3]) < 1e-5, `loss difference: ${row}`);
    }

    const optimisers = await rowsOf(page, "optim-check");
    assert.deepEqual(optimisers.map((row) => row[0]), ["SGD", "动量", "Nesterov", "AdaGrad", "RMSProp", "Adam"]);
    for (const row of optimisers) assert.ok(Number(row[3]) < 1e-5, `optimiser difference: ${row}`);
    const apart = Number(/：(.+)$/.exec((await page.locator('[data-output="adamw-vs-l2"]').textContent()) ?? "")?.[1]);
    assert.ok(apart > 1e-3, `AdamW vs Adam + L2: ${apart}`);

    const plot = page.locator('[data-cell="quadratic-paths"] svg[data-chart="contour"]');
    assert.equal(await plot.locator("path[data-series]").count(), 6);
    assert.equal((await rowsOf(page, "trajectories")).length, 6);

    // Rerunning the optimiser comparison leaves the page's tensor count where it was.
    const before = await pageTensorCount(page);
    await page.locator('[data-cell="optim-check"]').evaluate((f) => f.removeAttribute("data-state"));
    await page.locator('[data-cell="optim-check"] [data-action="run"]').click();
    await page.waitForFunction(() => document.querySelector('[data-cell="optim-check"]')?.getAttribute("data-state") === "done", undefined, { timeout: 60_000 });
    assert.equal(await pageTensorCount(page), before, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });

  it("stops a diverging run with a message when the reader raises the learning rate", async () => {
    const { page, log } = await openChapter(await session(), "ch4-training.html");
    await waitForState(page, "quadratic-paths", /^done$/, 120_000);
    const source = readFileSync(join(root, "src", "ch4-training.md"), "utf8");
    const code = /```ts cell=quadratic-paths\n([\s\S]*?)```/.exec(source)![1];
    assert.match(code, /const lr = 0\.05;/);
    await runCode(page, "quadratic-paths", code.replace(/const lr = 0\.05;/, "const lr = 0.1;"));
    await waitForState(page, "quadratic-paths", /^done$/, 60_000);
    const rows = await rowsOf(page, "trajectories");
    const sgd = rows.find((row) => row[0] === "SGD")!;
    assert.match(sgd[2], /损失在第 \d+ 步变成 NaN\/∞/);
    assert.match(rows.find((row) => row[0] === "Adam")![2], /60 步完成/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
