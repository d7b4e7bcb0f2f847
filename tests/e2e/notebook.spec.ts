// The notebook engine on the book's 首页: edit, run, dependents, errors at the right line,
// persistence across reloads, reset, a changed book, keyboard use, and lazy loading.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { test, useSession, watchPage, type PageLog, type Session } from "./browser.js";
import { cell, output, replaceCode, waitForOutput } from "./cells.js";

const openSession = useSession();
let session: Session;
test.beforeAll(async () => {
  session = await openSession();
});

async function openIndex(): Promise<{ page: Page; log: PageLog; requests: string[] }> {
  const page = await session.context.newPage();
  const log = watchPage(page);
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(session.server.url + "index.html");
  await waitForOutput(page, "softmax", /0\.659/);
  return { page, log, requests };
}

test.describe("book cells", () => {
  test("show the book's code before running and its output after", async () => {
    const { page, log } = await openIndex();
    assert.match((await cell(page, "logits").locator("[data-cell-code]").textContent()) ?? "", /const logits: number\[\] = \[2, 1, 0\.1\];/);
    assert.match((await output(page, "softmax").textContent()) ?? "", /0\.659.*0\.2424.*0\.0986/);
    assert.equal(await cell(page, "logits").locator("[data-modified]").isHidden(), true);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test("load the editor only when the reader edits, and the compiler only on the first run", async () => {
    const { page, requests } = await openIndex();
    const loaded = (name: string) => requests.some((url) => url.includes(name));
    assert.ok(!loaded("/_node/codemirror@") && !loaded("/_node/@codemirror/"), "no editor before editing");
    assert.ok(!loaded("/_node/sucrase@"), "no compiler before running");
    await cell(page, "logits").locator('[data-action="edit"]').click();
    await cell(page, "logits").locator(".cm-content").waitFor();
    assert.ok(loaded("/_node/codemirror@"));
    await page.close();
  });

  test("rerun with Shift+Enter, update their dependents, survive a reload, and reset", async () => {
    const { page, log } = await openIndex();
    await replaceCode(page, "logits", "const logits: number[] = [0, 0];");
    await page.keyboard.press("Shift+Enter");
    await waitForOutput(page, "softmax", /0\.5/);
    assert.match((await output(page, "softmax").textContent()) ?? "", /\[?0\.5,\s*0\.5\]?/);
    assert.equal(await cell(page, "logits").locator("[data-modified]").isVisible(), true);

    await page.reload();
    await waitForOutput(page, "softmax", /0\.5/);
    assert.equal(await cell(page, "logits").locator("[data-modified]").isVisible(), true);
    assert.match((await cell(page, "logits").locator("[data-cell-code]").textContent()) ?? "", /\[0, 0\]/);

    await cell(page, "logits").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.659/);
    assert.equal(await cell(page, "logits").locator("[data-modified]").isHidden(), true);
    await page.reload();
    await waitForOutput(page, "softmax", /0\.659/);
    assert.equal(await cell(page, "logits").locator("[data-modified]").isHidden(), true);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  test("show a syntax error at its line and column in the cell, and the page keeps working", async () => {
    const { page } = await openIndex();
    await replaceCode(page, "softmax", "const a = 1;\nconst b = ;");
    await page.keyboard.press("Shift+Enter");
    await waitForOutput(page, "softmax", /SyntaxError/);
    assert.match((await output(page, "softmax").textContent()) ?? "", /第 2 行，第 11 列/);
    // another cell still runs
    await replaceCode(page, "logits", "const logits: number[] = [1, 1, 1, 1];");
    await page.keyboard.press("Shift+Enter");
    await cell(page, "logits").locator("[data-modified]").waitFor();
    await cell(page, "softmax").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.25/);
    await cell(page, "logits").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.659/);
    await page.close();
  });

  test("show a runtime error with the cell line it came from", async () => {
    const { page } = await openIndex();
    await replaceCode(page, "softmax", "const first = logits[0];\n\nconst broken = (null as any).length;");
    await page.keyboard.press("Shift+Enter");
    await waitForOutput(page, "softmax", /TypeError/);
    assert.match((await output(page, "softmax").textContent()) ?? "", /第 3 行/);
    await cell(page, "softmax").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.659/);
    await page.close();
  });

  test("ask the reader when the book's code changed since their edit, keeping both", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "index.html");
    await page.evaluate(() => localStorage.setItem("dlbook:cell:v1:index.html:logits", JSON.stringify({ code: "const logits = [5, 5];", base: "00000000", savedAt: 1 })));
    await page.reload();
    const notice = cell(page, "logits").locator("[data-notice]");
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? "", /已经更新/);
    assert.match((await notice.textContent()) ?? "", /const logits = \[5, 5\];/);
    await waitForOutput(page, "softmax", /0\.659/); // nothing replaced yet
    await notice.locator('[data-choice="mine"]').click();
    await waitForOutput(page, "softmax", /0\.5/);
    await cell(page, "logits").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.659/);
    await page.close();
  });

  test("work from the keyboard: Enter on the code edits, Esc leaves the editor", async () => {
    const { page } = await openIndex();
    await cell(page, "logits").locator("[data-cell-code]").focus();
    await page.keyboard.press("Enter");
    await cell(page, "logits").locator(".cm-content").waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains("cm-content"));
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-action")), "run");
    await page.close();
  });
});

test.describe("cell guards and outputs", () => {
  test("interrupt a cell that never yields, and the rest of the page keeps working", async () => {
    const { page } = await openIndex();
    await replaceCode(page, "softmax", "let spins = 0;\nwhile (true) { spins++; }");
    await page.keyboard.press("Shift+Enter");
    await waitForOutput(page, "softmax", /已被中断/, 20_000);
    await replaceCode(page, "logits", "const logits: number[] = [3, 3, 3];");
    await page.keyboard.press("Shift+Enter");
    await cell(page, "logits").locator("[data-modified]").waitFor();
    await cell(page, "softmax").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.3333/);
    await cell(page, "logits").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.659/);
    await page.close();
  });

  test("show console.log under the cell that printed it", async () => {
    const { page } = await openIndex();
    await replaceCode(page, "logits", 'console.log("你好", 42);\nconst logits: number[] = [1, 1];');
    await page.keyboard.press("Shift+Enter");
    const log = cell(page, "logits").locator("[data-console]");
    await log.getByText("你好 42").waitFor();
    await cell(page, "logits").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.659/);
    assert.equal(await log.isHidden(), true, "the log clears when the cell reruns");
    await page.close();
  });

  test("import all of d3 from the site when a reader's cell asks for it", async () => {
    // The book's pages load only the d3 parts they draw with (components/charts/d3.ts).
    const { page, requests } = await openIndex();
    await replaceCode(page, "logits", 'import * as d3 from "d3";\nconsole.log("d3", d3.sum([1, 2, 3]), typeof d3.forceSimulation);\nconst logits: number[] = [1, 1];');
    await page.keyboard.press("Shift+Enter");
    await cell(page, "logits").locator("[data-console]").getByText("d3 6 function").waitFor();
    assert.ok(requests.some((url) => /\/_node\/d3@[^/]+\/index\.[0-9a-f]+\.js$|\/_node\/d3@[^/]+\/index\.js$/.test(url)), "d3 came from the site");
    await cell(page, "logits").locator('[data-action="reset"]').click();
    await waitForOutput(page, "softmax", /0\.659/);
    await page.close();
  });

  test("show a tensor's dtype, shape and values (3.1)", async () => {
    const page = await session.context.newPage();
    const log = watchPage(page);
    await page.goto(session.server.url + "ch3-1-nn-basics.html");
    const view = cell(page, "tensor-demo").locator("[data-tensor]");
    await view.waitFor({ timeout: 60_000 });
    assert.equal(await view.locator(".tensor-head").textContent(), "Tensor float32 [2, 3]");
    await view.locator(".tensor-values").getByText("4, 5, 6").waitFor();
    assert.equal(await view.locator(".tensor-values").textContent(), "1, 2, 3\n4, 5, 6");
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});

test.describe("share links", () => {
  test("carry edited code; opening one shows it with a banner and runs nothing until asked", async () => {
    const { page } = await openIndex();
    await replaceCode(page, "logits", "const logits: number[] = [7, 7];");
    await cell(page, "logits").locator('[data-action="share"]').click();
    const link = cell(page, "logits").locator("[data-share-link]");
    await link.waitFor();
    const url = await link.inputValue();
    assert.match(url, /\/book\/index\.html#share=logits\./);
    await page.evaluate(() => localStorage.clear());
    await page.close();

    const shared = await session.context.newPage();
    const log = watchPage(shared);
    await shared.goto(url);
    const notice = cell(shared, "logits").locator("[data-notice][data-shared]");
    await notice.waitFor();
    assert.match((await cell(shared, "logits").locator("[data-cell-code]").textContent()) ?? "", /\[7, 7\]/);
    // The engine has defined every cell once it tells softmax why it waits; then a measuring
    // window (not a wait for a condition): nothing may run during it.
    await cell(shared, "softmax").locator("[data-notice]").waitFor();
    await shared.waitForTimeout(1500);
    assert.doesNotMatch((await output(shared, "softmax").textContent()) ?? "", /\d/, "nothing ran before the click");
    await notice.locator('[data-choice="run-shared"]').click();
    await waitForOutput(shared, "softmax", /0\.5/);
    assert.equal(new URL(shared.url()).hash, "", "the share hash is cleared once run");
    await cell(shared, "logits").locator('[data-action="reset"]').click();
    await waitForOutput(shared, "softmax", /0\.659/);
    assert.deepEqual(log.errors, []);
    await shared.close();
  });

  test("say so when a share link is corrupted, and show the book's code", async () => {
    const page = await session.context.newPage();
    await page.goto(session.server.url + "index.html#share=logits.AAAA");
    await cell(page, "logits").locator("[data-notice]").getByText("已损坏").waitFor();
    await waitForOutput(page, "softmax", /0\.659/);
    await page.close();
  });
});

test.describe("reactive inputs", () => {
  test("a cell reruns when a slider it reads changes", async () => {
    const { page } = await openIndex();
    const slider = page.locator('input[type="range"][aria-label="温度"]');
    await slider.fill("5");
    await waitForOutput(page, "softmax", /0\.3996.*0\.3272.*0\.2733/s); // softmax([2, 1, 0.1] / 5)
    await page.close();
  });
});
