// 3.4: the spam classifier with attention pooling trains in the page (quick budget) next to
// its bag-of-words baseline, and highlights each word of a test mail by its weight.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openChapter, useSession } from "./browser.js";

const session = useSession();

describe("3.4 attention pooling on real mails", () => {
  it("trains both models (loss falls), reports their accuracy, and highlights words by attention weight", async () => {
    const { page, log } = await openChapter(await session(), "ch3-4-attention.html");
    await page.locator('[data-cell="mails"] .book-cell-output', { hasText: "词表 2000 个词" }).waitFor({ timeout: 60_000 });
    assert.match((await page.locator('[data-output="spam-words"]').textContent()) ?? "", /训练结束后/);
    await page.locator('[data-cell="train-spam"] [data-action="train"]').click();
    const panel = page.locator('[data-cell="train-spam"] .training-panel[data-state="done"]');
    await panel.waitFor({ timeout: 240_000 });
    assert.ok(Number(await panel.getAttribute("data-loss-end")) < Number(await panel.getAttribute("data-loss-start")));
    const rows = await page.locator('[data-output="spam-accuracy"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(rows.map((r) => r[0]), ["注意力池化", "词袋（平均）"]);
    for (const row of rows) assert.ok(parseFloat(row[1]) > 60, `${row[0]}: ${row[1]}`);
    const words = page.locator('[data-output="spam-words"] .word-weights span');
    await words.first().waitFor({ timeout: 60_000 });
    const weights = (await words.evaluateAll((spans) => spans.map((s) => Number(s.getAttribute("data-weight")))));
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 0.01, "the weights of a mail's words sum to 1");
    const first = await page.locator('[data-output="spam-words"]').textContent();
    await page.getByLabel("选择测试集中的邮件").fill("5");
    await page.locator('[data-output="spam-words"]', { hasText: "测试邮件 6" }).waitFor({ timeout: 30_000 });
    assert.notEqual(await page.locator('[data-output="spam-words"]').textContent(), first);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
