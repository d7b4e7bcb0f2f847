// 5.1 并行与分布式训练: the workers start from the site itself (nothing fetched from outside);
// every cell runs in quick mode; one K = 2 step equals the full-batch step; the fault button
// terminates a worker mid-training and training notices, carries on and ends with every replica
// equal to the page's parameters; bad pipeline input gets a Chinese message; rerunning the cell
// that starts the workers leaves no worker and no tensor behind.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { expectTensorCount, expect, openChapter, pageTensorCount, test, useSession } from "./browser.js";
import { act, numberAttribute, waitForState } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });

const allDone = (page: Page, timeout = 240_000) =>
  page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout });
const rowsOf = (page: Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
const ours = (page: Page) => page.workers().filter((w) => w.url().includes("parallel-worker")).length;
async function workersSettleAt(page: Page, count: number): Promise<void> {
  // Worker targets come and go asynchronously.
  await expect.poll(() => ours(page), { message: `live Web Workers of 5.1: ${page.workers().map((w) => w.url().slice(-20)).join(", ")}`, timeout: 60_000, intervals: [100] }).toBe(count);
}

test.describe("5.1 并行与分布式训练", () => {
  test("runs every cell with real workers, survives a fault, and leaks nothing on rerun", async () => {
    const { page, log } = await openChapter(await session(), "ch5-1-parallel.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["mnist-digits", "start-workers", "dp-equal", "dp-bytes", "dp-train", "dp-speed", "async-sgd", "pipeline", "one-f-one-b", "tensor-parallel"]);
    await allDone(page);
    await expectHostedPageClean(page, log);

    assert.equal(await page.locator('[data-output="workers-status"]').getAttribute("data-where"), "worker");
    const difference = await numberAttribute(page.locator('[data-output="dp-equal"]'), "data-difference");
    assert.ok(difference < 1e-5, `K = 2 vs full batch: ${difference}`);
    assert.equal((await rowsOf(page, "dp-speed")).length, 3);
    assert.equal((await rowsOf(page, "async-sgd")).length, 4);
    assert.equal((await rowsOf(page, "pipeline")).length, 3);
    for (const row of await rowsOf(page, "tensor-parallel")) assert.ok(Number(row[1]) < 1e-4, `tensor parallel: ${row}`);
    assert.equal(await page.locator('[data-cell="pipeline"] svg[data-chart="timeline"] rect[data-kind="前向"]').count(), 4 * 8);
    const trainWorkers = await page.evaluate(() => Math.min(navigator.hardwareConcurrency || 1, 4));
    await workersSettleAt(page, 4 + trainWorkers);

    // Bad pipeline input: a Chinese message, nothing runs.
    const form = page.locator('[data-output="pipeline-form"]');
    const message = form.locator('[data-error="pipeline"]');
    for (const [p, m, pattern] of [["4", "abc", /不是数字/], ["5", "4", /必须在 2 到 4 之间/], ["2", "7", /不能被 m = 7 整除/], ["2", "2.5", /必须是整数/]] as const) {
      await form.locator('input[name="p"]').fill(p);
      await form.locator('input[name="m"]').fill(m);
      await form.locator('[data-action="run-pipeline"]').click();
      await message.filter({ hasText: pattern }).waitFor({ timeout: 10_000 });
    }

    // The fault button: a straggler slows each step so that the fault lands mid-training.
    if (trainWorkers >= 2) {
      await page.locator('[data-cell="dp-train"] input[name="delay"]').evaluate((input: HTMLInputElement) => {
        input.value = "100";
        input.dispatchEvent(new Event("input"));
      });
      await page.locator('[data-action="train-dp"]').click();
      await page.waitForFunction(() => Number(document.querySelector('[data-output="dp-train-status"]')?.getAttribute("data-step")) >= 2, undefined, { timeout: 60_000 });
      await page.locator('[data-action="fault"]').click();
      await page.locator('[data-output="dp-fault"]', { hasText: "判定失联" }).waitFor({ timeout: 60_000 });
      await page.locator('[data-output="dp-train-status"][data-state="done"]').waitFor({ timeout: 120_000 });
      assert.equal(await page.locator('[data-output="dp-train-status"]').getAttribute("data-drift"), "0");
      assert.ok((await page.locator('[data-cell="dp-train"] svg[data-chart="timeline"] rect[data-kind="拖慢"]').count()) >= 1);
      await workersSettleAt(page, 4 + trainWorkers - 1);
    }

    // Rerunning the cell that starts the four shared workers ends them and starts four new ones;
    // the cells that use them run again (the training cell too, through dpSizes: its pool is
    // ended and K fresh workers start), and the page's tensor count comes back.
    const tensors = await pageTensorCount(page);
    const before = page.workers().filter((w) => w.url().includes("parallel-worker"));
    await act(page, "start-workers", "run");
    await waitForState(page, "start-workers", /^done$/, 60_000);
    // The rerun really happened: every worker of the first run has ended.
    await expect.poll(() => before.filter((w) => page.workers().includes(w)).length, { message: "workers of the first run still alive", timeout: 60_000 }).toBe(0);
    await allDone(page);
    await workersSettleAt(page, 4 + trainWorkers);
    await expectTensorCount(page, tensors, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.failed, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
