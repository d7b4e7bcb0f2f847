// 第2章: parameter counts by formula equal countParams() and the published totals; the MLP
// beats the linear model on non-linear data; the playground trains live, draws the boundary
// and one map per hidden unit, and retrains when a slider moves; PCA of real digits draws a
// scatter coloured by label; Q-learning finds the 8-step path; nothing is fetched outside.
import assert from "node:assert/strict";
import { expectTensorCount, openChapter, pageTensorCount, test, useSession } from "./browser.js";
import { numberAttribute } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });
const rowsOf = (page: import("playwright-core").Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));

test.describe("第2章 核心概念与联系", () => {
  test("runs every cell: counts, boundaries, hidden units, PCA and Q-learning", async () => {
    const { page, log } = await openChapter(await session(), "ch2-concepts.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["count-params", "published-configs", "linear-vs-mlp", "playground", "pca-digits", "q-learning"]);
    await page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 180_000 }).catch(async (error) => {
      const states = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => `${f.getAttribute("data-cell")}: ${f.getAttribute("data-state")} ${(f.textContent ?? "").slice(-300)}`));
      throw new Error(`${error.message}\n${states.join("\n")}\n${log.errors.join("\n")}`);
    });
    await expectHostedPageClean(page, log);

    const cnn = await rowsOf(page, "cnn-count");
    for (const row of cnn) assert.equal(row[2], row[3], `formula vs countParams(): ${row}`);
    assert.deepEqual(cnn.at(-1)!.slice(2), ["225034", "225034"]);
    const transformer = await rowsOf(page, "transformer-count");
    assert.equal(transformer.at(-1)![2], transformer.at(-1)![3]);
    const published = await rowsOf(page, "published-count");
    assert.equal(published.length, 3);
    for (const row of published) assert.equal(row.at(-1), "是", row.join(" | "));

    const compare = await rowsOf(page, "linear-vs-mlp");
    assert.equal(compare.length, 4);
    const circles = compare.find((r) => r[0] === "同心圆")!;
    assert.ok(Number(circles[1]) < 70 && Number(circles[2]) > 95, `circles: ${circles}`);

    const status = page.locator('[data-output="playground-status"]');
    assert.equal(await status.getAttribute("data-state"), "done");
    assert.ok((await numberAttribute(status, "data-accuracy")) > 0.9, "1×4 tanh separates the circles");
    assert.equal(await page.locator('[data-output="playground-boundary"] canvas[data-chart="decision-boundary"]').count(), 1);
    assert.equal(await page.locator('[data-output="playground-units"] canvas[data-unit]').count(), 4);
    // Two layers of 3: the model is rebuilt and trained again, with 6 unit maps.
    await page.locator('.playground input[name="depth"]').fill("2");
    await page.locator('.playground input[name="depth"]').dispatchEvent("change");
    await page.locator('.playground input[name="width"]').fill("3");
    await page.locator('.playground input[name="width"]').dispatchEvent("change");
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-output="playground-status"]') as HTMLElement | null;
      return s?.dataset.state === "done" && s.dataset.depth === "2" && s.dataset.width === "3";
    }, undefined, { timeout: 60_000 });
    assert.equal(await page.locator('[data-output="playground-units"] canvas[data-unit]').count(), 6);
    await page.locator('.playground input[name="depth"]').fill("0");
    await page.locator('.playground input[name="depth"]').dispatchEvent("change");
    await page.waitForFunction(() => (document.querySelector('[data-output="playground-status"]') as HTMLElement | null)?.dataset.depth === "0", undefined, { timeout: 60_000 });
    assert.ok((await numberAttribute(status, "data-accuracy")) < 0.7, "a linear model cannot separate circles");
    assert.equal(await page.locator('[data-output="playground-units"] canvas').count(), 0);

    assert.equal(await page.locator('[data-output="pca-scatter"] circle[data-label]').count(), 2000);
    const explained = await numberAttribute(page.locator('[data-output="pca-variance"]'), "data-explained");
    assert.ok(explained > 0.1 && explained < 0.3, `PCA explains ${explained}`);

    assert.equal(await page.locator('[data-output="rl-summary"]').getAttribute("data-steps"), "8");
    assert.match((await page.locator('[data-output="rl-summary"]').textContent()) ?? "", /到达终点/);
    assert.equal(await page.locator('[data-output="rl-policy"] svg[data-chart="policy"] [data-action-arrow]').count(), 25 - 3 - 2);

    // Rerunning the comparison leaves the page's tensor count where it was.
    const before = await pageTensorCount(page);
    await page.locator('[data-cell="linear-vs-mlp"]').evaluate((f) => f.removeAttribute("data-state"));
    await page.locator('[data-cell="linear-vs-mlp"] [data-action="run"]').click();
    await page.waitForFunction(() => document.querySelector('[data-cell="linear-vs-mlp"]')?.getAttribute("data-state") === "done", undefined, { timeout: 60_000 });
    await expectTensorCount(page, before, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
