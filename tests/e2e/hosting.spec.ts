// The book served as GitHub Pages serves it: no COOP/COEP headers, so no cross-origin
// isolation and single-threaded WASM. Every page the build produces (not a fixed list: the
// chapters added later are held to it too) must still run every cell (quick budget) with
// nothing in the console, and, once settled, pass the accessibility check (tests/e2e/axe.ts:
// lang zh-CN, zoomable, MathML beside each formula, no serious or critical axe-core violation
// in the light and the dark scheme), with formulas drawn by KaTeX in its own fonts and the
// pager's previous/next links. One load per page serves all the checks.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { root, useSession, watchPage } from "./browser.js";
import { waitForCellsSettled } from "./cells.js";
import { accessibilityProblems } from "./axe.js";
import { tocPages } from "../../site/toc.js";

const session = useSession({ isolate: false });
const pages = readdirSync(join(root, "dist")).filter((name) => name.endsWith(".html") && name !== "404.html");

describe("hosting without COOP/COEP", () => {
  it("serves every page without isolation: every cell settles without an error, the console stays clean, and the page is accessible", async () => {
    const { context, server, external } = await session();
    await context.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
    const accessibility: string[] = [];
    for (const name of pages) {
      const page = await context.newPage();
      const log = watchPage(page);
      await page.goto(server.url + name);
      await waitForCellsSettled(page, name);
      assert.equal(await page.evaluate(() => crossOriginIsolated), false, name);
      const failed = await page.$$eval('figure[data-cell][data-state="error"]', (figures) => figures.map((f) => `${f.getAttribute("data-cell")}: ${f.querySelector("[data-output]")?.textContent?.slice(0, 200)}`));
      assert.deepEqual(failed, [], `${name}: cells that failed`);
      assert.deepEqual(log.errors, [], `${name}: console errors`);
      assert.deepEqual(log.failed, [], `${name}: failed requests`);
      await checkFormulasAndPager(page, name);
      accessibility.push(...(await accessibilityProblems(page, name)));
      await page.close();
    }
    assert.deepEqual(accessibility, [], accessibility.join("\n"));
    assert.deepEqual(external, []);
  });
});

const lastPage = `${tocPages().at(-1)!.path.slice(1)}.html`;

/** A page whose Markdown has $…$ shows KaTeX output (no error) in KaTeX's own font; every
 * page of the table of contents but the last links to the next one. */
async function checkFormulasAndPager(page: import("playwright-core").Page, name: string): Promise<void> {
  // The chapters' pages (tool pages hold code with `${…}` that a $…$ test would take for a formula).
  const inToc = tocPages().some(({ path }) => `${path.slice(1)}.html` === name);
  const source = join(root, "src", name.replace(/\.html$/, ".md"));
  if (inToc && existsSync(source) && /\$[^$\n]+\$/.test(readFileSync(source, "utf8"))) {
    assert.ok((await page.locator(".katex").count()) > 0, `${name}: formulas rendered by KaTeX`);
    assert.equal(await page.locator(".katex-error").count(), 0, `${name}: KaTeX errors`);
    const fontLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check("16px KaTeX_Main");
    });
    assert.ok(fontLoaded, `${name}: KaTeX_Main font loaded from the site`);
  }
  if (inToc && name !== lastPage) assert.ok((await page.locator("#observablehq-footer nav a[rel]").count()) > 0, `${name}: previous/next links`);
}
