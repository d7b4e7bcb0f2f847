// 3.1: the hand-written backward pass of a two-layer MLP beside tf.grads on real MNIST digits,
// p − y, the finite-difference check, and two moons trained with the hand-written gradients.
import assert from "node:assert/strict";
import { expectTensorCount, openChapter, pageTensorCount, test, useSession } from "./browser.js";
import { act, numberAttribute, waitForState } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });
const newCells = ["scalar-graph", "expression-graph", "p-minus-y", "mnist-batch", "mlp-grads", "fd-check", "train-moons"];

test.describe("3.1 backprop by hand", () => {
  test("every cell of the page runs (quick mode) with no error and no outside request", async () => {
    const { page, log } = await openChapter(await session(), "ch3-1-nn-basics.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    for (const id of newCells) assert.ok(ids.includes(id), `cell ${id} is on the page`);
    for (const id of ids) assert.equal(await waitForState(page, id, /^(done|error)$/, 180_000), "done", `cell ${id}`);
    await expectHostedPageClean(page, log);

    const graph = page.locator('[data-cell="scalar-graph"] [data-output="computation-graph"]');
    assert.equal(await graph.locator("g[data-node]").count(), 10);
    // o = tanh(2·(−3) + 0·1 + 6.8814) ≈ tanh(0.8814), so ∂o/∂w1 = x1·(1 − o²) ≈ 2·0.5.
    assert.ok(Math.abs((await numberAttribute(graph.locator('g[data-node="w1"]'), "data-grad")) - 1) < 1e-3);
    assert.equal(await numberAttribute(graph.locator('g[data-node="w2"]'), "data-grad"), 0);

    // The typed expression (default: one sample's softmax cross-entropy): micrograd = tf.grads, and the gradients are p − y.
    const typed = page.locator('[data-output="expression-grads"]');
    assert.ok((await numberAttribute(typed, "data-max-diff")) < 1e-5, "micrograd vs tf.grads");
    const zGrads = await typed.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Number(tr.querySelectorAll("td")[2].textContent)));
    assert.equal(zGrads.length, 3);
    assert.ok(zGrads[1] < 0 && zGrads[0] > 0 && zGrads[2] > 0 && Math.abs(zGrads[0] + zGrads[1] + zGrads[2]) < 1e-3, `p − y: ${zGrads}`);
    const field = page.locator('[data-parsed-field="expression"] input');
    const typedOutput = page.locator('[data-cell="expression-graph"] .book-cell-output');
    await field.fill("x = 1; sin(x)");
    await page.locator('[data-parsed-field="expression"] .parsed-field-message', { hasText: "不认识的函数 sin" }).waitFor();
    await typedOutput.getByText("请先修正上面的式子").waitFor({ timeout: 30_000 });
    await field.fill("x = -1; log(x)");
    await typedOutput.getByText(/算不出有限的值：log 的结果是 NaN/).waitFor({ timeout: 30_000 });
    await field.fill("x = 2; x*x*x");
    await page.locator('[data-output="expression-grads"] caption', { hasText: "输出 8.00000" }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-output="expression-grads"] tbody td:nth-child(3)').textContent(), "12", "one node used three times: 3x² = 12");

    const maxDiff = await numberAttribute(page.locator('[data-output="mlp-grads"]'), "data-max-diff");
    assert.ok(Number.isFinite(maxDiff) && maxDiff < 1e-5, `hand-written vs tf.grads: ${maxDiff}`);
    assert.equal(await page.locator('[data-output="mlp-grads"] tbody tr').count(), 4);

    const pMinusY = await page.locator('[data-output="p-minus-y"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => Number(td.textContent))));
    assert.equal(pMinusY.length, 4);
    for (const [, , p, y, formula, auto] of pMinusY) {
      assert.ok(Math.abs(formula - (p - y)) < 1e-5);
      assert.ok(Math.abs(formula - auto) < 1e-5);
    }

    const fdError = await numberAttribute(page.locator('[data-output="fd-check"]'), "data-max-rel-error");
    assert.ok(Number.isFinite(fdError) && fdError < 2e-2, `finite differences: ${fdError}`);

    const chart = page.locator('[data-output="moons-loss"]');
    assert.ok((await numberAttribute(chart, "data-loss-end")) < (await numberAttribute(chart, "data-loss-start")), "the loss falls");
    assert.equal(await chart.locator("svg path[data-series]").count(), 1);

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });

  test("rerunning the gradient and training cells leaves tf.memory().numTensors at its baseline", async () => {
    const { page, log } = await openChapter(await session(), "ch3-1-nn-basics.html");
    for (const id of newCells) await waitForState(page, id, /^done$/, 180_000);
    const baseline = await pageTensorCount(page);
    for (const id of ["mlp-grads", "fd-check", "train-moons", "p-minus-y"]) {
      await act(page, id, "run");
      assert.equal(await waitForState(page, id, /^(done|error)$/, 120_000), "done", id);
    }
    await expectTensorCount(page, baseline, "no tensor leaked");
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test("on a phone 390 px wide the new outputs (graph, tables, chart) do not scroll the page sideways", async () => {
    const { page, log } = await openChapter(await session(), "ch3-1-nn-basics.html");
    await page.setViewportSize({ width: 390, height: 844 });
    for (const id of newCells) await waitForState(page, id, /^done$/, 180_000);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(scroll <= client, `page is ${scroll} px wide in a ${client} px window`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
