// 3.6: the tiny masked language model trains in the page (quick budget; loss falls) and
// returns k guesses for each masked character, with attention maps of the sentence.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openChapter, pageTensorCount, useSession } from "./browser.js";

const session = useSession();

describe("3.6 masked language model", () => {
  it("trains, guesses the masked characters (top 5 each) and draws layers × heads attention; reruns leak nothing", async () => {
    const { page, log } = await openChapter(await session(), "ch3-6-bert.html");
    await page.locator('[data-output="mask-counts"]').waitFor({ timeout: 60_000 });
    const counts = await page.locator('[data-output="mask-counts"] tbody tr').evaluateAll((trs) => trs.map((tr) => parseFloat(tr.children[1].textContent ?? "")));
    assert.equal(counts.length, 4);
    assert.ok(counts[0] >= 15 && counts[0] < 22, `target share ${counts[0]}%`);
    assert.ok(Math.abs(counts[1] - 80) < 3, `[MASK] share ${counts[1]}%`);
    assert.equal(await page.locator('[data-output="sentence-pair"] tbody tr').count(), 12);
    await page.getByLabel("遮盖的随机种子").fill("2");
    await page.locator('[data-output="mask-counts"]').waitFor();
    const guess = page.locator('[data-output="mlm-guess"]');
    await guess.locator('[data-output="mlm-top"]').waitFor({ timeout: 60_000 });
    assert.match((await guess.textContent()) ?? "", /还没训练/);
    const cell = page.locator('[data-cell="train-mlm"]');
    await cell.locator('[data-action="train"]').click();
    const panel = cell.locator('.training-panel[data-state="done"]');
    await panel.waitFor({ timeout: 240_000 });
    assert.ok(Number(await panel.getAttribute("data-loss-end")) < Number(await panel.getAttribute("data-loss-start")));
    const score = (await page.locator('[data-output="mlm-accuracy"]').textContent()) ?? "";
    assert.match(score, /模型还原了 [\d.]+%；总是猜训练集里最常见的字符“[a-z]”只能对 [\d.]+%/);
    await page.locator('[data-output="mlm-guess"]:not(:has-text("还没训练"))').waitFor({ timeout: 60_000 });
    await page.getByLabel("输入带 _ 的名字").fill("_li_e");
    await page.locator('[data-output="mlm-guess"] svg', { hasText: "_li_e" }).first().waitFor({ timeout: 30_000 });
    const rows = await page.locator('[data-output="mlm-top"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(rows.map((r) => r[0]), ["1", "4"], "one row per masked position");
    for (const row of rows) {
      assert.equal(row.length, 6, "position + 5 guesses");
      for (const cellText of row.slice(1)) assert.match(cellText, /^[a-z-]（[\d.]+%）$/);
    }
    assert.deepEqual(await page.locator('[data-output="mlm-guess"] svg[data-heatmap]').evaluateAll((s) => s.map((e) => e.getAttribute("data-heatmap"))), ["5x5", "5x5", "5x5", "5x5"]);
    const labels = await page.locator('[data-output="mlm-guess"] svg[data-heatmap]').first().locator(":scope > text").allTextContents();
    assert.deepEqual(labels.slice(1), [..."_li_e", ..."_li_e"], "rows and columns are labelled with the characters");
    const baseline = await pageTensorCount(page);
    await cell.locator('[data-action="run"]').click();
    await cell.locator('[data-action="train"]').click();
    await cell.locator('.training-panel[data-state="done"]').waitFor({ timeout: 240_000 });
    await page.waitForTimeout(1000);
    assert.equal(await pageTensorCount(page), baseline);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
