// What every built page must pass when served as GitHub Pages serves it (no COOP/COEP: no
// cross-origin isolation, single-threaded WASM), shared by the hosting walk (hosting.spec.ts)
// and the chapter specs. A page is loaded in this condition once per CI: where a chapter spec
// runs its cells (tests/e2e/<page>.spec.ts calls expectHostedPageClean, which includes the
// walk's own checks, on a session with `isolate: false`), the walk leaves the page to it.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { tocPages } from "../../site/toc.js";
import { accessibilityProblems } from "./axe.js";
import { root, type PageLog } from "./browser.js";
import { waitForCellsSettled } from "./cells.js";

const fileOf = (page: Page) => new URL(page.url()).pathname.split("/").pop() || "index.html";

/** The page, once its cells have settled (quick budget), without cross-origin isolation:
 * no cell failed, the console is clean, no request failed, the shell is whole (checkShell:
 * KaTeX, pager, compute badge) and it passes the accessibility check (tests/e2e/axe.ts: lang
 * zh-CN, zoomable, MathML beside each formula, no serious or critical axe-core violation in the
 * light and the dark scheme). A chapter spec that calls this takes its page out of the hosting
 * walk (hosting.spec.ts: cellsRunBy): the page is loaded once per CI in this condition. */
export async function expectHostedPageClean(page: Page, log: PageLog, timeout = 240_000): Promise<void> {
  const name = fileOf(page);
  await waitForCellsSettled(page, name, timeout);
  assert.equal(await page.evaluate(() => crossOriginIsolated), false, `${name}: served without COOP/COEP (useSession({ isolate: false }))`);
  const failed = await page.$$eval('figure[data-cell][data-state="error"]', (figures) => figures.map((f) => `${f.getAttribute("data-cell")}: ${f.querySelector("[data-output]")?.textContent?.slice(0, 200)}`));
  assert.deepEqual(failed, [], `${name}: cells that failed`);
  assert.deepEqual(log.errors, [], `${name}: console errors`);
  assert.deepEqual(log.failed, [], `${name}: failed requests`);
  await checkShell(page);
  const problems = await accessibilityProblems(page, name);
  assert.deepEqual(problems, [], problems.join("\n"));
}

/** The chapter spec that runs the cells of `file` in the hosting condition, or null. */
export function cellsRunBy(file: string): string | null {
  const spec = join("tests", "e2e", file.replace(/\.html$/, ".spec.ts"));
  if (!existsSync(join(root, spec))) return null;
  const source = readFileSync(join(root, spec), "utf8");
  return /useSession\(\{ isolate: false \}\)/.test(source) && /expectHostedPageClean\(/.test(source) ? spec : null;
}

const lastPage = () => `${tocPages().at(-1)!.path.slice(1)}.html`;

/** A page whose Markdown has $…$ shows KaTeX output (no error) in KaTeX's own font; every
 * page of the table of contents but the last links to the next one and has a badge that says
 * which backend this browser computes on. */
export async function checkShell(page: Page): Promise<void> {
  const name = fileOf(page);
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
  if (inToc && name !== lastPage()) assert.ok((await page.locator("#observablehq-footer nav a[rel]").count()) > 0, `${name}: previous/next links`);
  if (inToc) {
    const badge = page.locator("[data-backend-badge][data-backend]");
    await badge.waitFor({ timeout: 60_000 });
    assert.match((await badge.getAttribute("data-backend")) ?? "", /^(webgpu|webgl|wasm|cpu)$/, name);
    assert.match((await badge.textContent()) ?? "", /计算：(WebGPU|WebGL|WASM|CPU)/, name);
  }
}
