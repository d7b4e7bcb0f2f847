// Accessibility by keyboard alone. (axe-core, lang, zoom and MathML are checked on every page
// of the build in hosting.spec.ts, during the same page load that checks its cells.)
import assert from "node:assert/strict";
import { test, useSession } from "./browser.js";
import { cell, waitForCellsSettled, waitForOutput } from "./cells.js";

const session = useSession({ isolate: false });

test.describe("accessibility", () => {
  test("a keyboard alone edits and runs a cell, starts and stops a training, and resets the edited cell", async () => {
    const { context } = await session();
    const page = await context.newPage();
    await page.goto((await session()).server.url + "ch3-2-cnn.html");
    await waitForCellsSettled(page, "ch3-2-cnn.html");
    /** Presses Tab (or Shift+Tab) until the element matching `selector` has the focus. */
    const tabTo = async (selector: string, back = false) => {
      for (let i = 0; i < 400; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press(back ? "Shift+Tab" : "Tab");
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await page.locator("#observablehq-main h1").click(); // start from the top of the text, as a reader does
    await tabTo('[data-cell="xcorr-vs-conv"] [data-cell-code]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.classList.contains("cm-content"));
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("\ndisplay(\"键盘运行\");");
    await page.keyboard.press("Shift+Enter");
    await waitForOutput(page, "xcorr-vs-conv", /键盘运行/);
    await page.keyboard.press("Escape"); // leaves the editor: no keyboard trap
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-action")), "run");

    await tabTo('[data-cell="train-cnn"] [data-action="train"]');
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-action")), "stop", "focus moves to 停止");
    await page.keyboard.press("Enter");
    await page.locator('[data-cell="train-cnn"] .training-panel[data-state="stopped"]').waitFor({ timeout: 60_000 });
    await tabTo('[data-cell="xcorr-vs-conv"] [data-action="reset"]', true);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => !document.querySelector('[data-cell="xcorr-vs-conv"] [data-output]')?.textContent?.includes("键盘运行"));
    assert.equal(await cell(page, "xcorr-vs-conv").locator("[data-modified]").isVisible(), false, "the cell is back to the book's code");
    await page.close();
  });
});
