// A training cell (3.1): live progress, 停止 within one batch, and reruns that leave
// tf.memory().numTensors where it was.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { expectTensorCount, expect, pageTensorCount, test, useSession, watchPage, type Session } from "./browser.js";
import { replaceCode } from "./cells.js";

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
    // The reader's own cell drives the book's panel with batches the test releases, so the
    // table is opened mid-training however fast the machine trains.
    const page = await session.context.newPage();
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    await waitForProgress(page);
    await stopTraining(page);
    await replaceCode(page, "train-mlp", [
      'import {trainingPanel} from "./components/train/panel.js";',
      'const panel = trainingPanel({title: "两轮、每轮 4 批"});',
      "display(panel.element);",
      "const batches: {loss: number}[] = [];",
      "const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));",
      "for (let epoch = 1; epoch <= 2; epoch++) {",
      "  for (let batch = 1; batch <= 4; batch++) {",
      "    const loss = 1 / (4 * epoch + batch);",
      "    batches.push({loss});",
      "    panel.callbacks.onBatchEnd!({epoch, epochs: 2, batch, batchesPerEpoch: 4, loss, samplesPerSecond: 100, elapsedMs: 0, etaMs: 1000});",
      "    await pause(300); // batch redraws come at most every 250 ms",
      "    if (epoch === 1 && batch === 2) await new Promise((resolve) => ((window as any).releaseTraining = resolve));",
      "  }",
      "  panel.callbacks.onEpochEnd!({epoch, loss: batches.at(-1)!.loss});",
      "}",
      "panel.finish({batches, epochs: [{epoch: 1, loss: 0.125}, {epoch: 2, loss: 1 / 12}], stopped: false, samplesPerSecond: 100});"
    ].join("\n"));
    await page.keyboard.press("Shift+Enter");
    await page.waitForFunction(() => typeof (window as unknown as { releaseTraining?: unknown }).releaseTraining === "function");
    const table = cell(page).locator(".training-chart details.chart-data");
    await table.locator("summary").click();
    await expect(table.locator("table")).toBeVisible();
    await page.evaluate(() => (window as unknown as { releaseTraining(): void }).releaseTraining());
    // Six more batches, two epoch ends and the finish redraw the chart; the table stays open.
    await cell(page).locator('.training-panel[data-state="done"]').waitFor({ timeout: 30_000 });
    await expect(table).toHaveAttribute("open", "");
    await expect(table.locator("table tbody tr").first()).toBeVisible();
    await cell(page).locator('[data-action="reset"]').click();
    await cell(page).locator(".training-panel").first().waitFor();
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
