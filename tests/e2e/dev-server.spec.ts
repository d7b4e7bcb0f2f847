// The book in Framework's dev server (`npm start`): formulas with KaTeX's fonts, book
// cells that run and rerun, and no request leaving the machine.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { startFramework } from "../../site/framework.js";
import { expect, root, test, watchPage } from "./browser.js";
import { blockOutsideRequests } from "../../site/offline-guard.js";

let server: ChildProcess;
let base: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}/`;
  server = startFramework(["preview", "--host", "127.0.0.1", "--port", String(port), "--no-open"], root, true);
  // Until it listens, fetch rejects (null here).
  await expect.poll(async () => (await fetch(base + "index.html").catch(() => null))?.ok ?? false, { message: "the dev server answers", timeout: 60_000 }).toBe(true);
});

test.afterAll(async () => {
  server?.kill();
});

test.describe("dev server", () => {
  test("serves pages with formulas and running cells, all from the machine", async ({ browser }) => {
    const context = await browser.newContext();
    const external = await blockOutsideRequests(context);
    const page = await context.newPage();
    const log = watchPage(page);
    await page.goto(base + "index.html");
    await page.locator('[data-cell="softmax"] [data-output]').getByText("0.659").first().waitFor({ timeout: 60_000 });
    assert.ok((await page.locator(".katex").count()) > 0);
    assert.ok(await page.evaluate(async () => (await document.fonts.ready, document.fonts.check("16px KaTeX_Main"))));
    await page.locator('[data-cell="logits"] [data-action="edit"]').click();
    await page.locator('[data-cell="logits"] .cm-content').click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText("const logits: number[] = [0, 0];");
    await page.keyboard.press("Shift+Enter");
    await page.locator('[data-cell="softmax"] [data-output]').getByText("0.5").first().waitFor();
    await page.locator('[data-cell="logits"] [data-action="reset"]').click();
    await page.locator('[data-cell="softmax"] [data-output]').getByText("0.659").first().waitFor();
    assert.deepEqual(external, []);
    assert.deepEqual(log.errors.filter((e) => !/WebSocket/i.test(e)), []);
    await context.close();
  });
});
