// 第4章: every cell runs in quick mode; the stable log-softmax is finite where the naive one is
// NaN/-Infinity; the from-scratch optimisers match tf.train; nothing is fetched from outside.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expectTensorCount, openChapter, pageTensorCount, root, test, useSession } from "./browser.js";
import { runCode, waitForState } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });

/** The text of every body cell of the table with data-output=`output`, row by row. */
const rowsOf = (page: import("playwright-core").Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));

const CELLS = ["log-softmax", "loss-check", "optim-check", "quadratic-paths", "quadratic-rates", "mnist-data", "optim-mnist", "init-sweep", "init-histograms", "init-symmetry", "grad-norms-trained", "bn-check", "bn-sweep", "augment-gallery", "regularization", "lr-schedules", "lr-range", "grad-clip"];

test.describe("第4章 训练与优化", () => {
  test("runs every cell with the expected results, refuses bad input beside its control, reruns on the κ slider, stops a diverging run", async () => {
    const { page, log } = await openChapter(await session(), "ch4-training.html");
    const cells = page.locator("figure[data-cell]");
    const ids = await cells.evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, CELLS);
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 240_000 });
    await expectHostedPageClean(page, log);

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

    // Measured rates on the quadratic within 5% of theory; one curve per optimiser on MNIST.
    const rates = await rowsOf(page, "quadratic-rates");
    assert.equal(rates.length, 2);
    for (const row of rates) assert.ok(Number(row[4]) < 0.05, `measured vs theoretical rate: ${row}`);
    assert.equal(await page.locator('[data-cell="optim-mnist"] svg path[data-series]').count(), 14, "one curve per optimiser in each of the two charts");
    const onMnist = await rowsOf(page, "optim-mnist");
    assert.deepEqual(onMnist.map((row) => row[0]), ["SGD", "动量", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW"]);
    for (const row of onMnist) assert.ok(Number(row[3]) >= 0 && Number(row[3]) <= 1, `test accuracy: ${row}`);

    // 4.3: 15 networks probed; He + ReLU keeps its variance, zero init is all zeros, the
    // per-layer variance follows n σ² E[h²], equal weights stay equal.
    const sweep = await rowsOf(page, "init-sweep");
    assert.equal(sweep.length, 15);
    const heRelu = sweep.find((row) => row[0] === "ReLU" && row[1] === "He")!;
    assert.ok(Number(heRelu[3]) > 0.1 && Number(heRelu[3]) < 10, `He/ReLU last std: ${heRelu}`);
    const zeroTanh = sweep.find((row) => row[0] === "tanh" && row[1] === "全零")!;
    assert.equal(Number(zeroTanh[3]), 0);
    assert.equal(await page.locator('[data-output="init-histograms"] svg[data-panel]').count(), 10);
    const variance = await rowsOf(page, "init-variance");
    assert.equal(variance.length, 10);
    for (const row of variance) assert.ok(Math.abs(Number(row[3]) - 1) < 0.3, `measured/predicted variance: ${row}`);
    const symmetry = await rowsOf(page, "init-symmetry");
    assert.deepEqual(symmetry.map((row) => row[3]), ["1 / 1 / 1", "1 / 1 / 1", "32 / 32 / 32"]);

    // 4.4: batch norm equals tfjs's layer; the sweep has both networks at every rate.
    for (const row of await rowsOf(page, "bn-check")) assert.ok(Number(row[1]) < 1e-5, `batch norm difference: ${row}`);
    const bn = await rowsOf(page, "bn-sweep");
    assert.equal(bn.length, 12);
    assert.ok(bn.every((row) => /步，|NaN\/∞/.test(row[4])), `bn notes: ${bn.map((r) => r[4])}`);
    assert.equal(await page.locator('[data-cell="bn-sweep"] svg path[data-series]').count(), 2);

    // 4.5: six regularisers, a gap for each, L1 makes more near-zero weights than none.
    const regularization = await rowsOf(page, "regularization");
    assert.equal(regularization.length, 6);
    for (const row of regularization) assert.ok(Number.isFinite(Number(row[3])), `regularisation row: ${row}`);
    assert.equal(await page.locator('[data-output="regularization-weights"] svg[data-panel]').count(), 3);
    assert.equal(await page.locator('[data-output="augment-gallery"] figure').count(), 24);

    assert.equal((await rowsOf(page, "grad-norms-trained")).length, 3);

    // 4.6: six schedules; the range test suggests a rate inside its sweep; clipping caps ‖g‖.
    assert.equal((await rowsOf(page, "lr-schedules")).length, 6);
    const suggested = Number(/建议的学习率：(.+)$/.exec((await page.locator('[data-output="lr-range"]').textContent()) ?? "")?.[1]);
    assert.ok(suggested >= 1e-5 && suggested <= 1, `suggested rate ${suggested}`);
    const clipping = await rowsOf(page, "grad-clip");
    assert.equal(clipping.length, 3);
    assert.ok(Number(clipping[2][2]) <= 1 + 1e-4, `clipped norm: ${clipping[2]}`);

    // Rerunning the optimiser comparison leaves the page's tensor count where it was.
    const before = await pageTensorCount(page);
    await page.locator('[data-cell="optim-check"]').evaluate((f) => f.removeAttribute("data-state"));
    await page.locator('[data-cell="optim-check"] [data-action="run"]').click();
    await page.waitForFunction(() => document.querySelector('[data-cell="optim-check"]')?.getAttribute("data-state") === "done", undefined, { timeout: 60_000 });
    await expectTensorCount(page, before, "no tensor leaked by a rerun");
    await page.locator('[data-cell="grad-clip"]').evaluate((f) => f.removeAttribute("data-state"));
    await page.locator('[data-cell="grad-clip"] [data-action="run"]').click();
    await waitForState(page, "grad-clip", /^done$/, 60_000);
    await expectTensorCount(page, before, "no tensor leaked by rerunning the clipping runs");

    // Bad input beside its control, the κ slider, and a diverging run, on the same page.
    const depth = page.locator('form[data-controls="init"] input[name="depth"]');
    await depth.fill("5000");
    await depth.dispatchEvent("change");
    await page.locator('form[data-controls="init"] [data-field-message="depth"]', { hasText: "层数必须是 1 到 50 之间的整数" }).waitFor();
    await page.locator('[data-output="init-sweep-invalid"]').waitFor();
    assert.equal(await depth.inputValue(), "5000", "the reader's entry is kept");
    assert.equal(await page.locator('[data-output="init-sweep"]').count(), 0);
    // An empty choice of optimisers: a message beside the boxes, and the cell trains nothing.
    for (const box of await page.locator('form[data-controls="optimizers"] input[type="checkbox"]').all()) await box.uncheck();
    await page.locator('form[data-controls="optimizers"] [data-field-message="names"]', { hasText: "至少选择一个优化器" }).waitFor();
    await page.locator('[data-output="optim-mnist-invalid"]').waitFor();
    assert.equal(await page.locator('[data-output="optim-mnist"]').count(), 0);
    // Moving the κ slider reruns the rate cell with the new κ.
    const slider = page.locator('form[data-controls="rates"] input[type="range"]');
    await slider.fill("0");
    await page.locator('[data-output="quadratic-rates"] caption', { hasText: "κ = 10，" }).waitFor();
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
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
