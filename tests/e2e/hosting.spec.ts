// The book served as GitHub Pages serves it: no COOP/COEP headers, so no cross-origin
// isolation and single-threaded WASM. Every page the build produces (not a fixed list: the
// chapters added later are held to it too) gets one load here: formulas drawn by KaTeX in its
// own fonts, the pager's previous/next links, the compute badge, a clean console. Its cells
// run (quick budget) and the settled page gets the accessibility check (tests/e2e/hosting.ts:
// expectHostedPageClean) here too, unless its chapter spec already does all of it in the same
// condition (cellsRunBy): then the walk does not load the page a second time, and says which
// spec holds it to these checks.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { root, test, useSession, watchPage } from "./browser.js";
import { cellsRunBy, expectHostedPageClean } from "./hosting.js";

const session = useSession({ isolate: false });
const dist = join(root, "dist");
const pages = existsSync(dist) ? readdirSync(dist).filter((name) => name.endsWith(".html") && name !== "404.html") : [];

test.describe("hosting without COOP/COEP", () => {
  test("has the built pages; those with a chapter spec are checked there", () => {
    assert.ok(pages.length >= 16, `${pages.length} pages in dist/ (run npm run build)`);
    const left = pages.filter((name) => cellsRunBy(name)).map((name) => `${name} → ${cellsRunBy(name)}`);
    console.log(`hosting checks in the chapter specs (expectHostedPageClean):\n  ${left.join("\n  ")}`);
  });

  for (const name of pages.filter((name) => !cellsRunBy(name))) {
    test(`${name}: every cell settles without an error, the console stays clean, and the page is accessible`, async () => {
      const { context, server } = await session();
      const page = await context.newPage();
      const log = watchPage(page);
      await page.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
      await page.goto(server.url + name);
      assert.equal(await page.evaluate(() => crossOriginIsolated), false, name);
      await expectHostedPageClean(page, log);
      assert.deepEqual(log.errors, [], `${name}: console errors`);
      assert.deepEqual(log.failed, [], `${name}: failed requests`);
      await page.close();
    });
  }
});
