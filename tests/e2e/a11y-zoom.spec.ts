// Text resized to 200 % without loss of content (WCAG 1.4.4), and the charts' text
// alternatives, on three representative built pages: a chapter with cells, heatmaps, feature
// maps, a line chart and a confusion matrix (3.2), one with wide log-scale scatters and
// tables (第1章), and the progress page (forms and a table). (第4章 has more charts, but its
// cells take ~3 min to settle here even in quick mode.) Each page is loaded once, in quick mode, without training, and
// checked in two ways a reader enlarges text:
// - the browser's text size setting (Chrome: 字号 "极大"): the root font size at 200 %, so
//   everything sized in rem/em doubles while the window stays 1280 px wide;
// - the browser's zoom at 200 %, which doubles every CSS pixel: on a 1280 px window the page
//   is laid out in a 640 px viewport (the device scale factor only sharpens the drawing, it
//   does not change the layout, so the narrow viewport is what is tested).
// In both, no text may be clipped by an overflow:hidden box, the page may not scroll
// sideways, and every cell's buttons must stay on screen.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { openChapter, useSession, test } from "./browser.js";
import { waitForCellsSettled } from "./cells.js";
import { seriousViolations } from "./axe.js";

const session = useSession();
const PAGES = ["ch3-2-cnn.html", "ch1-background.html", "progress.html"];

/** What would be lost at the current size: text clipped by a box that hides its overflow,
 * sideways scrolling of the page, cell buttons off screen. Scroll regions (overflow auto or
 * scroll) are fine: their content is reachable. */
function lostContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in a ${width} px viewport`);
    for (const element of document.querySelectorAll<HTMLElement>("body *")) {
      if (element.closest("svg, canvas, .cm-editor, [aria-hidden='true']") || !element.checkVisibility()) continue;
      const style = getComputedStyle(element);
      const clipsX = /hidden|clip/.test(style.overflowX);
      const clipsY = /hidden|clip/.test(style.overflowY);
      if (!clipsX && !clipsY) continue;
      // Visually hidden text (screen readers only) is clipped on purpose.
      if (element.clientWidth <= 1 || element.clientHeight <= 1) continue;
      if ((!clipsX || element.scrollWidth <= element.clientWidth + 1) && (!clipsY || element.scrollHeight <= element.clientHeight + 1)) continue;
      // The box hides some overflow: is any of it text? (KaTeX's struts overflow without
      // ink.) Text inside a scroll region or a visually hidden box (KaTeX's MathML) is not lost.
      const box = element.getBoundingClientRect();
      const left = box.left + element.clientLeft;
      const top = box.top + element.clientTop;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let lost = "";
      for (let node = walker.nextNode(); node && !lost; node = walker.nextNode()) {
        if (!node.textContent?.trim()) continue;
        let hidden = false;
        for (let up = node.parentElement; up && up !== element && !hidden; up = up.parentElement) {
          const s = getComputedStyle(up);
          hidden = /auto|scroll/.test(s.overflowX + s.overflowY) || up.clientWidth <= 1 || up.clientHeight <= 1 || s.display === "none";
        }
        if (hidden) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          if (r.width < 1 || r.height < 1) continue;
          const outX = clipsX && (r.left < left - 1 || r.right > left + element.clientWidth + 1);
          const outY = clipsY && (r.top < top - 1 || r.bottom > top + element.clientHeight + 1);
          if (outX || outY) lost = node.textContent.trim().slice(0, 40);
        }
      }
      // (No helper functions in here: tsx names them with a __name the page does not have.)
      if (lost) problems.push(`${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${String(element.className).trim().split(/\s+/).join(".")} clips its text (${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight}): “${lost}”`);
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

test.describe("text at 200 % and chart alternatives", () => {
  for (const file of PAGES) {
    test(`${file}: nothing is lost at 200 % text or zoom; charts have labels with numbers and a data table`, async () => {
      const { page, log } = await openChapter(await session(), file);
      await page.setViewportSize({ width: 1280, height: 800 });
      await waitForCellsSettled(page, file);

      const unlabelled = await page.$$eval("svg[role=img], canvas[role=img]", (charts) => charts.filter((c) => !/\d/.test(c.getAttribute("aria-label") ?? "")).map((c) => c.outerHTML.slice(0, 120)));
      assert.deepEqual(unlabelled, [], "every chart's aria-label states its numbers");

      await page.evaluate(() => (document.documentElement.style.fontSize = "200%"));
      await settle(page);
      // The check finds clipped text: a box of fixed pixel height around 2rem text.
      await page.evaluate(() => document.querySelector("#observablehq-main")!.insertAdjacentHTML("afterbegin", '<p id="zoom-probe" style="height: 20px; overflow: hidden">放大后被裁掉的文字</p>'));
      assert.match((await lostContent(page)).join("\n"), /p#zoom-probe.*放大后被裁掉的文字/);
      await page.evaluate(() => document.querySelector("#zoom-probe")!.remove());
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
      if (file === "ch1-background.html") {
        // Open data tables are held to the same axe rules as the rest of the book.
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.$$eval("details.chart-data", (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        await page.locator("details.chart-data tbody tr").first().waitFor();
        for (const scheme of ["light", "dark"] as const) assert.deepEqual(await seriousViolations(page, scheme), [], `axe, data tables open, ${scheme}`);
        await page.emulateMedia({ colorScheme: null });
      }
      assert.deepEqual(log.errors, []);
      assert.deepEqual((await session()).external, []);
      await page.close();
    });
  }
});
