// Text resized to 200 % without loss of content (WCAG 1.4.4), and the charts' text
// alternatives, on three representative built pages: a chapter with cells, heatmaps and a
// confusion matrix (3.2), one with many line charts and histograms (第4章), and the progress
// page (forms and a table). Each page is loaded once, in quick mode, without training, and
// checked in two ways a reader enlarges text:
// - the browser's text size setting (Chrome: 字号 "极大"): the root font size at 200 %, so
//   everything sized in rem/em doubles while the window stays 1280 px wide;
// - the browser's zoom at 200 %, which doubles every CSS pixel: on a 1280 px window the page
//   is laid out in a 640 px viewport (the device scale factor only sharpens the drawing, it
//   does not change the layout, so the narrow viewport is what is tested).
// In both, no text may be clipped by an overflow:hidden box, the page may not scroll
// sideways, and every cell's buttons must stay on screen.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openChapter, useSession } from "./browser.js";
import { waitForCellsSettled } from "./cells.js";

const session = useSession();
const PAGES = ["ch3-2-cnn.html", "ch4-training.html", "progress.html"];

/** What would be lost at the current size: text clipped by a box that hides its overflow,
 * sideways scrolling of the page, cell buttons off screen. Scroll regions (overflow auto or
 * scroll) are fine: their content is reachable. */
function lostContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}`;
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in a ${width} px viewport`);
    for (const element of document.querySelectorAll<HTMLElement>("body *")) {
      if (element.closest("svg, canvas, .cm-editor, [aria-hidden='true']") || !element.checkVisibility()) continue;
      const style = getComputedStyle(element);
      const clipsX = /hidden|clip/.test(style.overflowX);
      const clipsY = /hidden|clip/.test(style.overflowY);
      if (!clipsX && !clipsY) continue;
      // Visually hidden text (screen readers only, KaTeX's MathML) is clipped on purpose.
      if (element.clientWidth <= 1 || element.clientHeight <= 1) continue;
      if (!element.innerText?.trim()) continue;
      const over = (clipsX && element.scrollWidth > element.clientWidth + 1) || (clipsY && element.scrollHeight > element.clientHeight + 1);
      if (over) problems.push(`${name(element)} clips its text (${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight}): “${element.innerText.trim().slice(0, 40)}”`);
    }
    for (const figure of document.querySelectorAll("figure[data-cell]")) {
      const run = figure.querySelector<HTMLElement>('[data-action="run"]');
      const box = run?.getBoundingClientRect();
      if (!run || !run.checkVisibility() || !box || box.width < 1 || box.left < 0 || box.right > width + 1) problems.push(`${figure.getAttribute("data-cell")}: its run button is not on screen`);
    }
    return problems;
  });
}

/** Two animation frames: time for ResizeObservers to redraw the charts. */
const settle = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

describe("text at 200 % and chart alternatives", () => {
  for (const file of PAGES) {
    it(`${file}: nothing is lost at 200 % text or zoom; charts have labels with numbers and a data table`, async () => {
      const { page, log } = await openChapter(await session(), file);
      await page.setViewportSize({ width: 1280, height: 800 });
      await waitForCellsSettled(page, file);

      const unlabelled = await page.$$eval("svg[role=img], canvas[role=img]", (charts) => charts.filter((c) => !/\d/.test(c.getAttribute("aria-label") ?? "")).map((c) => c.outerHTML.slice(0, 120)));
      assert.deepEqual(unlabelled, [], "every chart's aria-label states its numbers");

      await page.evaluate(() => (document.documentElement.style.fontSize = "200%"));
      await settle(page);
      assert.deepEqual(await lostContent(page), [], `${file} at 200 % text size`);
      await page.evaluate(() => (document.documentElement.style.fontSize = ""));

      await page.setViewportSize({ width: 640, height: 800 });
      await settle(page);
      assert.deepEqual(await lostContent(page), [], `${file} at 200 % zoom (640 px viewport)`);
      // Charts redrawn at the new width keep exactly one data table each.
      assert.deepEqual(await page.$$eval(".chart-figure", (figures) => figures.filter((f) => f.querySelectorAll(":scope > details.chart-data").length !== 1).length), 0);

      const tables = page.locator("details.chart-data");
      if (file !== "progress.html") {
        assert.ok((await tables.count()) > 0, `${file} has charts with data tables`);
        const details = tables.first();
        await details.locator("summary").focus();
        await page.keyboard.press("Enter");
        assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), true, "Enter opens the data table");
        await details.locator("tbody tr").first().waitFor();
        assert.ok((await details.locator("tbody tr").count()) > 0);
        await page.keyboard.press("Tab");
        assert.equal(await page.evaluate(() => document.activeElement?.className), "chart-data-scroll", "the table's scroll region takes the focus next");
        await details.locator("summary").focus();
        await page.keyboard.press("Space");
        assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), false, "Space closes it again");
      }
      assert.deepEqual(log.errors, []);
      assert.deepEqual((await session()).external, []);
      await page.close();
    });
  }
});
