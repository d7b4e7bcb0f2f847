// 第1章: the landmark models load, both log-scale charts draw a point per model with a
// published figure and the fitted line, the compute trend lands near the published ~6
// months, hovering a point shows its details, and nothing is fetched from outside.
import assert from "node:assert/strict";
import { openChapter, test, useSession } from "./browser.js";
import { numberAttribute } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });

test.describe("第1章 背景介绍", () => {
  test("runs every cell, draws both trends with their fits and shows details on hover", async () => {
    const { page, log } = await openChapter(await session(), "ch1-background.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["landmarks", "params-trend", "compute-trend", "era-fits"]);
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 60_000 });
    await expectHostedPageClean(page, log);

    const rows = await page.locator('[data-output="landmarks"] tbody tr').count();
    assert.ok(rows >= 30, `${rows} models`);
    for (const [chart, fit] of [["params-chart", "params-fit"], ["compute-chart", "compute-fit"]]) {
      const svg = page.locator(`[data-output="${chart}"]`);
      assert.ok((await svg.locator("circle[data-name]").count()) >= 30, chart);
      assert.equal(await svg.locator('path[data-line="拟合直线"]').count(), 1, chart);
      assert.ok((await svg.locator("[data-legend]").count()) >= 4, `${chart}: domain legend`);
      const months = await numberAttribute(page.locator(`[data-output="${fit}"]`), "data-doubling-months");
      assert.ok(months > 2 && months < 24, `${fit}: ${months}`);
    }
    const computeMonths = await numberAttribute(page.locator('[data-output="compute-fit"]'), "data-doubling-months");
    assert.ok(Math.abs(computeMonths - 6) < 1.5, `compute doubles every ${computeMonths} months, published ≈ 6`);

    await page.locator('[data-output="compute-chart"] circle[data-name="GPT-3"]').hover();
    assert.match((await page.locator('[data-output="compute-chart"] [data-hover]').textContent()) ?? "", /GPT-3（2020-05-28.*3\.14e23 FLOP/);
    assert.equal(await page.locator('[data-output="era-fits"] tbody tr').count(), 4);

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
