// The book served as GitHub Pages serves it: no COOP/COEP headers, so no cross-origin
// isolation and single-threaded WASM. Every page must still run every cell (quick budget)
// with nothing in the console.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { root, useSession, watchPage } from "./browser.js";

const session = useSession({ isolate: false });
const pages = readdirSync(join(root, "dist")).filter((name) => name.endsWith(".html") && name !== "404.html");

describe("hosting without COOP/COEP", () => {
  it("serves every page without isolation, every cell settles without an error, and the console stays clean", async () => {
    const { context, server, external } = await session();
    await context.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
    for (const name of pages) {
      const page = await context.newPage();
      const log = watchPage(page);
      await page.goto(server.url + name);
      // Settled: every cell has finished, or waits for the reader to press a button in its
      // output (a training panel), or has not run because a cell above it waits so.
      const settled = () => {
        let waiting = false;
        return [...document.querySelectorAll<HTMLElement>("figure[data-cell]")].every((figure) => {
          const state = figure.dataset.state;
          if (state === "running") return (waiting = !!figure.querySelector("[data-output] button:not([disabled])"));
          return state ? true : waiting;
        });
      };
      await page.waitForFunction(settled, undefined, { timeout: 180_000 }).catch(async (error) => {
        const states = await page.$$eval("figure[data-cell]", (figures) => figures.map((f) => `${f.getAttribute("data-cell")}=${f.getAttribute("data-state")}`).join(" "));
        throw new Error(`${name}: cells did not settle (${states}): ${error.message}`);
      });
      assert.equal(await page.evaluate(() => crossOriginIsolated), false, name);
      const failed = await page.$$eval('figure[data-cell][data-state="error"]', (figures) => figures.map((f) => `${f.getAttribute("data-cell")}: ${f.querySelector("[data-output]")?.textContent?.slice(0, 200)}`));
      assert.deepEqual(failed, [], `${name}: cells that failed`);
      assert.deepEqual(log.errors, [], `${name}: console errors`);
      assert.deepEqual(log.failed, [], `${name}: failed requests`);
      await page.close();
    }
    assert.deepEqual(external, []);
  });
});
