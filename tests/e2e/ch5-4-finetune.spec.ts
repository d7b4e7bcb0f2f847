// 5.4: every cell runs in quick mode on the page's backend — the base network on digits 0–4,
// the transfer to 5–9, LoRA (B = 0 equals the base), the lr × batch grid and the search —
// the book's model is unchanged, a rerun leaks no tensor, nothing is fetched from outside,
// and bad input (lr ≤ 0, an empty search space, rank 0) stops a cell with a Chinese message.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expectTensorCount, openChapter, pageTensorCount, root, test, useSession } from "./browser.js";
import { act, cell, replaceCode, waitForState } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });

const rowsOf = (page: Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
const press = async (page: Page, id: string) => {
  const button = page.locator(`[data-cell="${id}"] [data-action="train"]`);
  await button.waitFor({ timeout: 120_000 });
  await button.click();
};
const allDone = (page: Page, timeout = 300_000) =>
  page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout });
/** Edits a cell's code (string replacement that must apply) and runs it. */
async function runEdited(page: Page, id: string, from: string, to: string): Promise<void> {
  const source = readFileSync(join(root, "src", "ch5-4-finetune.md"), "utf8");
  const code = new RegExp("```ts cell=" + id + "\\n([\\s\\S]*?)```").exec(source)![1];
  assert.ok(code.includes(from), `${id} contains ${from}`);
  // The editor (CodeMirror) loads on the first edit; on a busy machine that can take a while.
  await cell(page, id).locator('[data-action="edit"]').click();
  await cell(page, id).locator(".cm-content").waitFor({ timeout: 60_000 });
  await replaceCode(page, id, code.replace(from, to));
  await cell(page, id).evaluate((f) => f.removeAttribute("data-state"));
  await page.keyboard.press("Shift+Enter");
}

test.describe("5.4 微调与架构搜索", () => {
  test("runs the transfer, LoRA, grid and search cells; the book model stays unchanged; no leak, nothing external", async () => {
    const { page, log } = await openChapter(await session(), "ch5-4-finetune.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, ["ft-data", "book-model", "base-train", "transfer", "book-transfer", "lora-check", "lora", "sweep", "nas"]);
    await expectHostedPageClean(page, log);
    await press(page, "nas");
    await press(page, "base-train");
    await press(page, "sweep");
    await allDone(page);

    const tasks = await rowsOf(page, "ft-tasks");
    assert.equal(tasks.length, 2);
    assert.equal(Number(tasks[0][1]) + Number(tasks[1][1]), 8000);
    assert.equal(Number(tasks[0][2]) + Number(tasks[1][2]), 2000);
    assert.match((await page.locator('[data-output="base-accuracy"]').textContent()) ?? "", /准确率：\d+\.\d%/);

    const transfer = await rowsOf(page, "transfer-table");
    assert.equal(transfer.length, 9);
    for (const row of transfer) assert.ok(Number(row[3]) >= 0 && Number(row[3]) <= 100, `transfer row ${row}`);
    const trainable = (strategy: string) => Number(transfer.find((r) => r[0] === "200" && r[1].startsWith(strategy))![2]);
    assert.ok(trainable("冻结") < trainable("从零"), "freezing leaves fewer parameters to train");
    assert.equal(trainable("全部微调"), trainable("从零"));
    assert.ok((await page.locator('[data-cell="transfer"] svg').count()) > 0, "the accuracy chart");

    assert.equal((await rowsOf(page, "book-transfer")).length, 2);
    assert.match((await page.locator('[data-output="book-unchanged"]').textContent()) ?? "", /没有被修改/);
    const identity = (await page.locator('[data-output="lora-identity"]').textContent()) ?? "";
    // Bit-identical on the CPU backend (tests/finetune/lora.test.ts); float32 rounding here.
    assert.ok(Number(/最大差：(.+)$/.exec(identity)?.[1]) < 1e-6, identity);
    const lora = await rowsOf(page, "lora-table");
    assert.deepEqual(lora.map((r) => r[0]).slice(0, 4), ["LoRA r = 1", "LoRA r = 2", "LoRA r = 4", "LoRA r = 8"]);
    const sizes = await rowsOf(page, "lora-sizes");
    const loraParams = lora.slice(0, 4).map((r) => Number(r[1]));
    // adapter r(m+n) plus the new head (m_head·5 + 5): consecutive ranks differ by exactly m + n
    assert.equal(loraParams[1] - loraParams[0], Number(sizes[0][3]));

    assert.equal(await page.locator('[data-cell="sweep"] svg[data-heatmap="4x3"]').count(), 1);
    assert.match((await page.locator('[data-output="sweep-best"]').textContent()) ?? "", /验证集上最好的是学习率 [\d.]+、批大小 \d+.*测试集上只测这一次：\d+\.\d%/);
    assert.equal(await page.locator('[data-cell="nas"] svg[data-chart="pareto"]').count(), 1);
    const nas = await rowsOf(page, "nas-table");
    assert.ok(nas.length >= 1 && nas.some((r) => r[4] === "是"), `search rows ${nas}`);

    // Rerunning the LoRA check leaves the page's tensor count where it was.
    const before = await pageTensorCount(page);
    await act(page, "lora-check", "run");
    await waitForState(page, "lora-check", /^done$/, 60_000);
    await expectTensorCount(page, before, "no tensor leaked by a rerun");

    assert.deepEqual(log.errors, []);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });

  test("stops with a Chinese message on a learning rate of 0, an empty search space or rank 0", async () => {
    const { page } = await openChapter(await session(), "ch5-4-finetune.html");
    // The engine has started the cell once its start button is there; edit only then.
    await page.locator('[data-cell="nas"] [data-action="train"]').waitFor({ timeout: 120_000 });
    await runEdited(page, "nas", "const nasSpace = DEFAULT_SPACE;", "const nasSpace = {...DEFAULT_SPACE, filters: []};");
    await waitForState(page, "nas", /error/, 60_000);
    assert.match((await cell(page, "nas").textContent()) ?? "", /“卷积核个数”列表是空的/);
    assert.equal(await page.locator('[data-cell="nas"] [data-action="train"]').count(), 0, "nothing offered to run");
    await press(page, "base-train");
    await waitForState(page, "lora-check", /^done$/, 120_000);
    await runEdited(page, "sweep", "const sweepLrs = [0.0003, 0.001, 0.003, 0.01];", "const sweepLrs = [0, 0.001];");
    await waitForState(page, "sweep", /error/, 60_000);
    assert.match((await cell(page, "sweep").textContent()) ?? "", /学习率必须是大于 0 的有限数，现在是 0/);
    await runEdited(page, "lora-check", "{rank: 4, layers", "{rank: 0, layers");
    await waitForState(page, "lora-check", /error/, 60_000);
    assert.match((await cell(page, "lora-check").textContent()) ?? "", /秩 r 必须是 1 到/);
    await page.close();
  });
});
