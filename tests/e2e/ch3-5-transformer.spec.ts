// 3.5: √d_k, attention vs the loop, positional encoding and the causal mask computed in the
// page; a tiny Transformer run (quick budget) makes loss fall and draws layers × heads maps;
// switching a head off changes what is drawn; reruns leak no tensor.
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
  ({ page, log } = await openChapter(await session(), "ch3-5-transformer.html"));
});

const cellsOf = (output: string) => page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));


test.describe("3.5 Transformer", () => {
  test("shows the softmax saturating without √d_k, attention equal to the loop, PE and the causal mask", async () => {
    await expectHostedPageClean(page, log);
    await page.locator('[data-output="sqrt-dk"]').waitFor({ timeout: 60_000 });
    const rows = await cellsOf("sqrt-dk");
    assert.ok(Number(rows.at(-1)![1]) > 0.95, `unscaled at d_k=1024: ${rows.at(-1)![1]}`);
    assert.ok(Number(rows.at(-1)![2]) < 0.9, `scaled at d_k=1024: ${rows.at(-1)![2]}`);
    await page.locator('[data-output="attention-check"]').waitFor({ timeout: 60_000 });
    for (const row of await cellsOf("attention-check")) {
      assert.ok(Number(row[1]) < 1e-5 && Number(row[2]) < 1e-5, row.join(" "));
      if (row[0] === "因果") assert.equal(Number(row[3]), 0);
    }
    assert.deepEqual(await page.locator('[data-output="pe-heatmap"] svg').evaluateAll((s) => s.map((e) => e.getAttribute("data-heatmap"))), ["40x32", "40x40"]);
    assert.match((await page.locator('[data-output="pe-distance"]').textContent()) ?? "", /距离 4 → 11\.66，距离 6 → 11\.89/);
    await page.locator('[data-output="causal-demo"] svg').nth(1).waitFor();
    assert.deepEqual(await page.locator('[data-output="decoder-block"] svg').evaluateAll((s) => s.map((e) => e.getAttribute("data-heatmap"))), ["5x5", "5x7"]);
    const shifts = JSON.parse((await page.locator('[data-output="decoder-shift"]').getAttribute("data-shifts")) ?? "[]") as number[];
    assert.equal(shifts.length, 5);
    assert.ok(shifts.slice(0, 4).every((v) => v < 1e-6) && shifts[4] > 1e-3, `decoder output shifts ${shifts}`);
  });

  test("trains (loss falls) and draws attention maps for every layer and head; a switched-off head changes them", async () => {
    const maps = page.locator('[data-output="attention-maps"] svg[data-heatmap="8x8"]');
    await maps.nth(3).waitFor({ timeout: 60_000 });
    assert.match((await page.locator('[data-output="reverse-prediction"]').textContent()) ?? "", /还没训练/);
    await page.locator('[data-cell="train-transformer"] [data-action="train"]').click();
    const panel = page.locator('[data-cell="train-transformer"] .training-panel[data-state="done"]');
    await panel.waitFor({ timeout: 240_000 });
    assert.ok((await numberAttribute(panel, "data-loss-end")) < (await numberAttribute(panel, "data-loss-start")));
    await page.locator('[data-output="reverse-accuracy"]').waitFor();
    assert.equal((await cellsOf("reverse-alignment")).length, 4, "2 layers × 2 heads");
    await page.locator('[data-output="reverse-prediction"]:not(:has-text("还没训练"))').waitFor({ timeout: 60_000 });
    assert.equal(await maps.count(), 4);
    const before = await page.locator('[data-output="attention-maps"]').innerHTML();
    await page.locator('[data-head-toggles] input[data-layer="1"][data-head="0"]').uncheck();
    await page.locator('[data-output="attention-maps"]', { hasText: "已关闭" }).waitFor({ timeout: 30_000 });
    assert.notEqual(await page.locator('[data-output="attention-maps"]').innerHTML(), before);
    await page.locator('[data-head-toggles] input[data-layer="1"][data-head="0"]').check();
  });

  test("compares post-LN and pre-LN with and without warm-up (quick budget): four finite loss curves", async () => {
    const view = page.locator('[data-output="norm-placement"]');
    await view.locator('[data-action="compare-ln"]').click();
    await page.locator('[data-output="norm-placement-table"]').waitFor({ timeout: 180_000 });
    const rows = await cellsOf("norm-placement-table");
    assert.deepEqual(rows.map((r) => r[0]), ["post-LN", "post-LN + 预热", "pre-LN", "pre-LN + 预热"]);
    for (const r of rows) assert.ok(Number.isFinite(Number(r[2])), r.join(" "));
    assert.equal(await view.locator("svg").count(), 1);
  });

  test("reruns of the training cell leave tf.memory().numTensors at its baseline, with no error and no outside request", async () => {
    const baseline = await steadyTensorCount(page);
    for (let i = 0; i < 2; i++) {
      await page.locator('[data-cell="train-transformer"] [data-action="run"]').click();
      await page.locator('[data-cell="train-transformer"] .training-panel:not([data-state])').waitFor();
      await page.locator('[data-cell="train-transformer"] [data-action="train"]').click();
      await page.locator('[data-cell="train-transformer"] .training-panel[data-state="done"]').waitFor({ timeout: 240_000 });
      await page.locator('[data-output="reverse-alignment"]').waitFor();
    }
    await expectTensorCount(page, baseline, "a rerun leaves no tensor behind");
    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
  });
});
