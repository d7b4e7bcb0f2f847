// 5.2 显存与混合精度: every cell runs in quick mode; the parameter formula equals countParams();
// measured bytes are within 1% of the prediction; the tf-ops rounding equals the bit-level one
// on the page's backend; dynamic loss scaling skips steps; recomputation keeps the gradients and
// lowers the peak; bad calculator input gets a Chinese message and nothing is computed from it;
// a rerun leaks no tensor; nothing is fetched from outside.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { expectTensorCount, openChapter, pageTensorCount, test, useSession } from "./browser.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });

const rowsOf = (page: Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
const columnOf = async (page: Page, output: string, name: string) => {
  const head = await page.locator(`[data-output="${output}"] thead th`).allTextContents();
  const index = head.indexOf(name);
  assert.ok(index >= 0, `${output} has no column ${name}: ${head}`);
  return (await rowsOf(page, output)).map((row) => row[index]);
};
const allDone = (page: Page, timeout = 240_000) =>
  page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout });

test.describe("5.2 显存与混合精度", () => {
  test("runs every cell and shows the checks agreeing", async () => {
    const { page, log } = await openChapter(await session(), "ch5-2-memory.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["param-check", "memory-report", "measure-bytes", "float-formats", "mnist-flat", "gradient-exponents", "mixed-train", "half-claim", "checkpoint"]);
    await allDone(page);
    await expectHostedPageClean(page, log);

    assert.deepEqual(await columnOf(page, "param-check", "一致"), ["是", "是", "是", "是"]);
    const summary = (await page.locator('[data-output="memory-summary"]').textContent()) ?? "";
    assert.match(summary, /参数 6,738,415,616 个/);
    assert.match(summary, /每个参数 16 字节/);
    for (const error of await columnOf(page, "memory-measured", "相对差")) assert.ok(Math.abs(parseFloat(error)) < 1, `measured vs predicted: ${error}`);
    assert.match((await page.locator('[data-output="rounding-check"]').textContent()) ?? "", /FP16：0 个不一致，BF16：0 个不一致/);

    const mixed = await rowsOf(page, "mixed-precision");
    assert.equal(mixed.length, 5);
    assert.ok(Number(mixed[3][2]) > 0, `dynamic scaling skipped no step: ${mixed[3]}`);
    assert.ok(await page.locator('[data-cell="mixed-train"] svg path[data-series]').count() === 5);
    assert.ok(await page.locator('[data-cell="gradient-exponents"] svg[data-chart="exponents"]').count() === 1);
    assert.equal((await columnOf(page, "half-claim", "混合精度 / FP32"))[3], "1.000");

    const differences = await columnOf(page, "checkpoint", "梯度最大差");
    assert.equal(differences.length, 4);
    for (const d of differences) assert.ok(Number(d) < 1e-5, `gradient difference ${d}`);
    const ratios = await columnOf(page, "checkpoint", "峰值 / 不重算");
    assert.ok(Number(ratios[1]) < 1, `one layer per segment should lower the peak: ${ratios}`);

    // Rerunning the checkpoint comparison leaves the page's tensor count where it was.
    const before = await pageTensorCount(page);
    await page.locator('[data-cell="checkpoint"]').evaluate((f) => f.removeAttribute("data-state"));
    await page.locator('[data-cell="checkpoint"] [data-action="run"]').click();
    await page.waitForFunction(() => document.querySelector('[data-cell="checkpoint"]')?.getAttribute("data-state") === "done", undefined, { timeout: 120_000 });
    await expectTensorCount(page, before, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });

  test("explains bad calculator input beside the field and computes nothing from it", async () => {
    const { page, log } = await openChapter(await session(), "ch5-2-memory.html");
    await page.locator('[data-output="memory-summary"]').waitFor({ timeout: 120_000 });
    const field = (name: string) => page.locator(`[data-memory-calculator] input[name="${name}"]`);
    const message = (name: string) => page.locator(`[data-memory-calculator] [data-error="${name}"]`);
    const report = page.locator('[data-output="memory-report"]');
    for (const [value, pattern] of [["abc", /不是数字/], ["NaN", /不是数字/], ["-2", /必须大于 0/], ["1e400", /超出了双精度/], ["2.5", /必须是整数/]] as const) {
      await field("layers").fill(value);
      await message("layers").filter({ hasText: pattern }).waitFor({ timeout: 30_000 });
      await report.filter({ hasText: "请先修正" }).waitFor({ timeout: 30_000 });
      assert.equal(await field("layers").inputValue(), value, "the reader's text is kept");
    }
    await field("layers").fill("32");
    await field("heads").fill("7");
    await message("heads").filter({ hasText: /不能被头数 7 整除/ }).waitFor();
    await field("heads").fill("32");
    await page.locator('[data-output="memory-summary"]', { hasText: "6,738,415,616" }).waitFor({ timeout: 30_000 });
    assert.equal(await message("layers").textContent(), "");
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
