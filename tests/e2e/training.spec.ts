// A training cell (3.1): live progress, 停止 within one batch, and reruns that leave
// tf.memory().numTensors where it was.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { expectTensorCount, expect, pageTensorCount, test, useSession, watchPage, type Session } from "./browser.js";

const openSession = useSession();
let session: Session;
test.beforeAll(async () => {
  session = await openSession();
});

const cell = (page: Page) => page.locator('[data-cell="train-mlp"]');
const progress = async (page: Page) => Number((await cell(page).locator("[data-progress]").getAttribute("data-progress")) || 0);

async function waitForProgress(page: Page, above = 0): Promise<void> {
  await expect
    .poll(async () => ((await cell(page).locator("[data-progress]").count()) ? progress(page) : 0), { message: "training made progress", timeout: 60_000, intervals: [100] })
    .toBeGreaterThan(above);
}

async function stopTraining(page: Page): Promise<void> {
  await cell(page).locator('[data-action="stop"]').click();
  await cell(page).locator('.training-panel[data-state="stopped"]').waitFor({ timeout: 30_000 });
}

test.describe("training cell", () => {
  test("shows progress and samples per second, and stops within one batch", async () => {
    const page = await session.context.newPage();
    const log = watchPage(page);
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    await waitForProgress(page, 0.01);
    assert.match((await cell(page).locator(".training-status").textContent()) ?? "", /第 \d+\/\d+ 轮 · 第 \d+\/16 批 .* 样本\/秒/);
    await stopTraining(page);
    const stoppedAt = await progress(page);
    // A measuring window, not a wait for a condition: "no batch after the stop" can only be
    // seen by letting a batch's time (well under a second here) pass.
    await page.waitForTimeout(1000);
    const epochs = Number(/第 \d+\/(\d+) 轮/.exec((await cell(page).locator(".training-status").textContent()) ?? "")?.[1] ?? 20);
    const oneBatch = 1 / (epochs * 16);
    assert.ok((await progress(page)) - stoppedAt <= oneBatch + 1e-9, "no training after the stop");
    assert.match((await cell(page).locator(".training-status").textContent()) ?? "", /已停止/);
    assert.ok((await cell(page).locator(".training-chart svg path[data-series]").count()) >= 1, "a live loss chart");
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test("the live chart's data table, opened mid-training, stays open to the end", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    await waitForProgress(page, 0.01);
    const table = cell(page).locator(".training-chart details.chart-data");
    await table.locator("summary").click();
    await expect(table.locator("table")).toBeVisible();
    assert.ok((await progress(page)) < 1, "the table was opened while the model was still training");
    // Batches redraw the chart while it trains; the last redraw comes when training ends.
    await cell(page).locator('.training-panel[data-state="done"]').waitFor({ timeout: 120_000 });
    await expect(table).toHaveAttribute("open", "");
    await expect(table.locator("table tbody tr").first()).toBeVisible();
    await page.close();
  });

  test("five reruns leave tf.memory().numTensors at its baseline", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    // The page's other cells (3.1 trains two moons too) hold tensors while they run.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>("figure[data-cell]")].every((f) => f.dataset.cell === "train-mlp" || f.dataset.state === "done"), undefined, { timeout: 120_000 });
    await waitForProgress(page);
    await stopTraining(page);
    const baseline = await pageTensorCount(page);
    for (let i = 0; i < 5; ++i) {
      await cell(page).locator('[data-action="run"]').click();
      await cell(page).locator('.training-panel:not([data-state])').waitFor();
      await waitForProgress(page);
      await stopTraining(page);
    }
    await expectTensorCount(page, baseline, "no tensor leaked");
    await page.close();
  });
});
