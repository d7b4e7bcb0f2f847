// Accessibility of every page the build produces (not a fixed list: chapters added later are
// held to it too), after its cells have settled in quick mode, in the light and the dark
// colour scheme: axe-core finds no serious or critical violation. Plus what axe does not
// check by itself: the page declares Chinese, lets phones zoom, and its formulas carry MathML.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { root, useSession } from "./browser.js";
import { seriousViolations } from "./axe.js";
import { cell, waitForCellsSettled, waitForOutput } from "./cells.js";

const session = useSession({ isolate: false });
const pages = readdirSync(join(root, "dist")).filter((name) => name.endsWith(".html") && name !== "404.html");

describe("accessibility", () => {
  it("every page: lang zh-CN, zoomable, MathML beside each formula, no serious axe violation in either scheme", async () => {
    const { context, server, external } = await session();
    await context.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
    const problems: string[] = [];
    for (const name of pages) {
      const page = await context.newPage();
      await page.goto(server.url + name);
      await waitForCellsSettled(page, name);
      const shell = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        viewport: document.querySelector('meta[name="viewport"]')?.getAttribute("content") ?? "",
        formulas: document.querySelectorAll(".katex").length,
        withMathml: document.querySelectorAll(".katex .katex-mathml math").length
      }));
      if (shell.lang !== "zh-CN") problems.push(`${name}: lang="${shell.lang}"`);
      if (/maximum-scale|user-scalable=no/.test(shell.viewport)) problems.push(`${name}: viewport forbids zoom (${shell.viewport})`);
      if (shell.withMathml !== shell.formulas) problems.push(`${name}: ${shell.formulas - shell.withMathml} of ${shell.formulas} formulas without MathML`);
      for (const scheme of ["light", "dark"] as const)
        for (const v of await seriousViolations(page, scheme)) problems.push(`${name} [${scheme}] ${v.rule} (${v.impact}): ${v.nodes.join(" | ")}`);
      await page.close();
    }
    assert.deepEqual(problems, [], problems.join("\n"));
    assert.deepEqual(external, []);
  });

  it("a keyboard alone edits and runs a cell, starts and stops a training, and resets the edited cell", async () => {
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
