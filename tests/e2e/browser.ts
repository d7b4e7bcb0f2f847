// The browser tests' fixture: @playwright/test drives Debian's Chromium (playwright.config.ts:
// executablePath and flags from site/chromium.ts; no browser is ever downloaded) and every spec
// serves dist/ under /book/. Every request that leaves 127.0.0.1 is aborted and recorded, so a
// test can fail naming the URL, and a file whose session saw one fails in its afterAll.
//
// How to write a spec (tests/e2e/<page>.spec.ts, modelled on ch4-training.spec.ts):
//
//   import assert from "node:assert/strict";            // or `expect` from "./browser.js"
//   import { openChapter, test, useSession } from "./browser.js";
//
//   const session = useSession({ isolate: false });     // one context + server per file
//   test.describe("4 训练与优化", () => {
//     test("runs every cell …", async () => {
//       const { page, log } = await openChapter(await session(), "ch4-training.html");
//       await expectHostedPageClean(page, log);          // tests/e2e/hosting.ts: cells settle, clean console, axe
//       …                                                 // wait on conditions (locator.waitFor,
//       await page.close();                               //  page.waitForFunction, expect.poll), never sleep
//     });
//   });
//
// From node:test: describe → test.describe, it → test, before/after → test.beforeAll/afterAll,
// `{ skip: "why" }` → test.skip(condition, "why") inside the test. Tests that share one page
// (a page opened in beforeAll) put `test.describe.configure({ mode: "serial" })` at the top of
// the file, so that a failure skips the rest instead of running them on a broken page. A chapter
// spec (ch*.spec.ts) that calls expectHostedPageClean with `isolate: false` takes its page out of
// the hosting walk (hosting.spec.ts), so each page is loaded and its cells run once per CI there.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { benchFolderFor } from "../../site/bench-pages.js";
import { serveStatic, type StaticServer } from "../../site/static-server.js";
import { blockOutsideRequests } from "../../site/offline-guard.js";

export { CHROME_ARGS, chromePath, launchBrowser } from "../../site/chromium.js";
export { expect };
export type { Page };

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Playwright's test, whose built-in `context` (and so `page`) has the offline guard too. */
export const test = base.extend({
  context: async ({ context }, use) => {
    const external = await blockOutsideRequests(context);
    await use(context);
    expect(external, "requests outside the site").toEqual([]);
  }
});

export interface Session {
  browser: Browser;
  context: BrowserContext;
  server: StaticServer;
  /** Requests to anything but the local server: each one is a failure. */
  external: string[];
  close(): Promise<void>;
}

/** A context of the worker's browser on a static server of dist/. With `isolate: false` the
 * server sends no COOP/COEP headers, as GitHub Pages. */
export async function openSession(browser: Browser, { isolate = true } = {}): Promise<Session> {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("dist/ is not built: run `npm run build` first.");
  // The benchmark's pages live beside the book (site/bench-pages.ts); the WebGPU lanes use them.
  const server = await serveStatic(dist, { base: "/book/", isolate, overlays: [benchFolderFor(dist)] });
  const context = await browser.newContext();
  const external = await blockOutsideRequests(context);
  return {
    browser,
    context,
    server,
    external,
    async close() {
      await context.close();
      await server.close();
    }
  };
}

/** One context and server for a whole test file, opened by the first test or hook that asks
 * for it and closed after the file's tests; a request outside the site fails the file there. */
export function useSession(options: { isolate?: boolean } = {}): () => Promise<Session> {
  let browser: Browser | undefined;
  let opening: Promise<Session> | undefined;
  test.beforeAll(async ({ browser: workerBrowser }) => {
    browser = workerBrowser;
  });
  test.afterAll(async () => {
    if (!opening) return;
    const session = await opening;
    await session.close();
    expect(session.external, "requests outside the site").toEqual([]);
  });
  return () => (opening ??= openSession(browser!, options));
}

export interface PageLog {
  errors: string[];
  failed: string[];
}

/** Records console errors, uncaught exceptions and failed requests of a page. */
export function watchPage(page: Page): PageLog {
  const log: PageLog = { errors: [], failed: [] };
  page.on("console", (message) => {
    if (message.type() === "error") log.errors.push(message.text());
  });
  page.on("pageerror", (error) => log.errors.push(String(error)));
  page.on("requestfailed", (request) => log.failed.push(`${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    if (response.status() >= 400) log.failed.push(`${response.url()} (HTTP ${response.status()})`);
  });
  return log;
}

/** tf.memory().numTensors in the page, from the book's own tfjs bundle. */
export async function pageTensorCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const href = [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].find((l) => l.href.includes("/_node/@book/tf@"))!.href;
    return (await import(href)).memory().numTensors as number;
  });
}

/** Waits until the page's tensor count is `expected`: work a run started (a sample drawn
 * after training, a chart's last frame) may still hold tensors for a moment, so a leak is
 * a count that stays different for the whole timeout, and that is what the error names. */
export async function expectTensorCount(page: Page, expected: number, what: string, timeout = 30_000): Promise<void> {
  await expect.poll(() => pageTensorCount(page), { message: `${what}: tf.memory().numTensors`, timeout, intervals: [100] }).toBe(expected);
}

/** The page's tensor count once it has held still across a few animation frames (a baseline
 * read while a chart redraws would count its temporaries). */
export async function steadyTensorCount(page: Page, timeout = 30_000): Promise<number> {
  const deadline = Date.now() + timeout;
  let last = await pageTensorCount(page);
  for (let same = 0; same < 5 && Date.now() < deadline; ) {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50))));
    const now = await pageTensorCount(page);
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

/** A new watched page on `file` (e.g. "ch3-5-transformer.html"). With quick (the default)
 * every training cell runs at the quick budget, so a test trains for a few batches. */
export async function openChapter(session: Session, file: string, { quick = true } = {}): Promise<{ page: Page; log: PageLog }> {
  const page = await session.context.newPage();
  const log = watchPage(page);
  if (quick) await page.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
  await page.goto(session.server.url + file);
  return { page, log };
}
