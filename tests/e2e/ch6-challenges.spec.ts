// 第6章: every cell runs in quick mode on the book's model; the figures it shows hold their
// promises (IG complete to <1% at 64 steps, PGD at least as strong as FGSM, the sanity check
// starts at ρ = 1, ε from the accountant); the drawing pad works with mouse and with touch;
// bad settings give a Chinese message; reruns leave no tensor behind; nothing external.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectTensorCount, openChapter, pageTensorCount, root, test, useSession } from "./browser.js";
import { act, runCode, waitForOutput, waitForState } from "./cells.js";
import { expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });
const CELLS = ["setup", "scarcity-curve", "compute-cost", "explain-digit", "ig-completeness", "sanity-check", "attack-one", "robust-curve", "adv-train", "transfer-attack", "dp-sgd", "membership"];

const rowsOf = (page: Page, output: string) =>
  page.locator(`[data-output="${output}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
const allDone = (page: Page) => page.waitForFunction(() => [...document.querySelectorAll("figure[data-cell]")].every((f) => f.getAttribute("data-state") === "done"), undefined, { timeout: 300_000 });

/** A stroke down the middle of the pad: with the mouse, or as touch points through CDP. */
async function drawStroke(page: Page, kind: "mouse" | "touch"): Promise<void> {
  const canvas = page.locator("[data-digit-pad] canvas");
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const points = Array.from({ length: 10 }, (_, i) => ({ x: box.x + box.width / 2, y: box.y + box.height * (0.2 + i * 0.06) }));
  if (kind === "mouse") {
    await page.mouse.move(points[0].x, points[0].y);
    await page.mouse.down();
    for (const p of points.slice(1)) await page.mouse.move(p.x, p.y);
    await page.mouse.up();
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [points[0]] });
  for (const p of points.slice(1)) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [p] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test.describe("第6章 挑战与对策", () => {
  test("runs every cell on the book's model with the figures it promises; the pad takes mouse and touch; bad settings are refused", async () => {
    const { page, log } = await openChapter(await session(), "ch6-challenges.html");
    const ids = await page.locator("figure[data-cell]").evaluateAll((figures) => figures.map((f) => f.getAttribute("data-cell") ?? ""));
    assert.deepEqual(ids, CELLS);
    await allDone(page);
    await expectHostedPageClean(page, log);

    assert.match((await page.locator('[data-output="book-model"]').textContent()) ?? "", /参考模型|你在 3\.2 节训练/);
    const scarcity = await rowsOf(page, "scarcity-curve");
    assert.deepEqual(scarcity.map((r) => r[0]), ["50", "200"]);
    for (const row of scarcity) for (const cell of row.slice(2)) assert.ok(Number.parseFloat(cell) >= 0 && Number.parseFloat(cell) <= 100, `accuracy: ${row}`);
    assert.match((await page.locator('[data-output="compute-cost"]').textContent()) ?? "", /GFLOP\/s/);
    const flops = Number(await page.locator("[data-output=compute-cost] [data-flops]").textContent());
    assert.ok(flops > 0, `achieved ${flops} GFLOP/s`);

    const ig = await rowsOf(page, "ig-completeness");
    assert.equal(ig.length, 21);
    for (const row of ig.filter((r) => r[1] === "64")) assert.ok(Number.parseFloat(row[4]) < 1, `IG at 64 steps: ${row}`);

    const sanity = await rowsOf(page, "sanity-check");
    assert.equal(sanity.length, 5);
    assert.equal(sanity[0][1], "1.000");

    const robust = await rowsOf(page, "robust-curve");
    assert.deepEqual(robust.map((r) => r[0]), ["0", "0.1", "0.3"]);
    for (const row of robust) assert.ok(Number.parseFloat(row[2]) <= Number.parseFloat(row[1]), `PGD no weaker than FGSM: ${row}`);
    assert.ok(Number.parseFloat(robust[2][2]) < Number.parseFloat(robust[0][2]), `accuracy falls at ε = 0.3: ${robust}`);
    assert.equal((await rowsOf(page, "adv-train")).length, 3);
    const transfer = await rowsOf(page, "transfer-attack");
    assert.deepEqual(transfer.map((r) => [r[0], r[3], r[6]]).slice(0, 1), [["0", "0.0%", "0.0%"]], "no perturbation, no transfer");
    assert.equal(transfer.length, 2);

    assert.match((await page.locator('[data-output="dp-sgd"]').textContent()) ?? "", /\(ε, δ\) = \([\d.]+, 0\.00001\)|\(ε, δ\) = \([\d.]+, 1e-5\)/);
    const membership = await rowsOf(page, "membership");
    assert.deepEqual(membership.map((r) => r[1] === "∞"), [true, false, false, false]);
    assert.ok(Number(membership[1][1]) > Number(membership[2][1]) && Number(membership[2][1]) > Number(membership[3][1]), "more noise, smaller ε");

    // Rerunning the attribution cells leaves the page's tensor count where it was.
    const before = await pageTensorCount(page);
    for (const id of ["ig-completeness", "explain-digit", "attack-one"]) {
      await act(page, id, "run");
      await waitForState(page, id, /^done$/, 60_000);
    }
    await expectTensorCount(page, before, "no tensor leaked by reruns");
    assert.deepEqual(log.errors, [], `console errors: ${log.errors.join(" | ")}`);

    // The same page: a digit drawn with the mouse and one drawn by touch; an empty pad gets a message.
    await page.locator('select[aria-label="解释哪一张图"]').selectOption("drawn");
    await waitForOutput(page, "explain-digit", /方框里还没有笔画/);
    for (const kind of ["mouse", "touch"] as const) {
      await drawStroke(page, kind);
      const text = await waitForOutput(page, "explain-digit", /你写的数字：模型认为是 \d/);
      assert.match(text, /相对误差/);
      assert.ok((await page.locator("[data-output=explain-digit] svg").count()) >= 6, `${kind}: input and five maps`);
      await page.locator("[data-digit-pad] [data-action=clear]").click();
      await waitForOutput(page, "explain-digit", /方框里还没有笔画/);
    }

    // Bad settings get a Chinese message and run nothing.
    const source = readFileSync(join(root, "src", "ch6-challenges.md"), "utf8");
    const attack = /```ts cell=attack-one\n([\s\S]*?)```/.exec(source)![1];
    assert.match(attack, /const eps = Number\(epsilon\)/);
    await runCode(page, "attack-one", attack.replace("const eps = Number(epsilon)", "const eps = -0.1"));
    await waitForOutput(page, "attack-one", /扰动上限 ε 必须在 0 到 1 之间/);
    await runCode(page, "attack-one", attack.replace("iterations = Number(pgdSteps)", "iterations = 0"));
    await waitForOutput(page, "attack-one", /迭代次数必须是正整数/);
    for (const [label, value, message] of [["噪声系数 σ", "0", /噪声系数 σ 必须大于 0/], ["噪声系数 σ", "1", /训练完成/], ["裁剪范数 C", "-1", /裁剪范数 C 必须大于 0/], ["裁剪范数 C", "1", /训练完成/], ["δ", "1", /δ 必须在 0 和 1 之间/]] as const) {
      await page.locator(`input[aria-label="${label}"]`).fill(value);
      await waitForOutput(page, "dp-sgd", message, 60_000);
    }
    assert.deepEqual(log.errors, [], `console errors: ${log.errors.join(" | ")}`);
    assert.deepEqual((await session()).external, []);
    await page.close();
  });
});
