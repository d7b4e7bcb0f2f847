// The book served as GitHub Pages serves it: no COOP/COEP headers, so no cross-origin
// isolation and single-threaded WASM. Every page the build produces (not a fixed list: the
// chapters added later are held to it too) must still run every cell (quick budget) with
// nothing in the console, and, once settled, pass the accessibility check (tests/e2e/axe.ts:
// lang zh-CN, zoomable, MathML beside each formula, no serious or critical axe-core violation
// in the light and the dark scheme). One load per page serves both checks.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { root, useSession, watchPage } from "./browser.js";
import { waitForCellsSettled } from "./cells.js";
import { accessibilityProblems } from "./axe.js";

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
      accessibility.push(...(await accessibilityProblems(page, name)));
      await page.close();
    }
    assert.deepEqual(accessibility, [], accessibility.join("\n"));
    assert.deepEqual(external, []);
  });
});
