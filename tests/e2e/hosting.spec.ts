// The book served as GitHub Pages serves it: no COOP/COEP headers, so no cross-origin
// isolation and single-threaded WASM. Every page must still run every cell (quick budget)
// with nothing in the console.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { root, useSession, watchPage } from "./browser.js";
import { waitForCellsSettled } from "./cells.js";

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
      await waitForCellsSettled(page, name);
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
