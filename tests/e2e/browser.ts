// Launches Debian's Chromium through playwright-core (never a downloaded browser) and
// serves dist/ under /book/. Every request that leaves 127.0.0.1 is aborted and recorded,
// so a test can fail naming the URL.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../../site/chromium.js";
import { benchFolderFor } from "../../site/bench-pages.js";
import { serveStatic, type StaticServer } from "../../site/static-server.js";
import { blockOutsideRequests } from "../../site/offline-guard.js";

export { CHROME_ARGS, chromePath, launchBrowser } from "../../site/chromium.js";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Session {
  browser: Browser;
  context: BrowserContext;
  server: StaticServer;
  /** Requests to anything but the local server: each one is a failure. */
  external: string[];
  close(): Promise<void>;
}

/** With `isolate: false` the server sends no COOP/COEP headers, as GitHub Pages. */
export async function openSession({ isolate = true } = {}): Promise<Session> {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("dist/ is not built: run `npm run build` first.");
  // The benchmark's pages live beside the book (site/bench-pages.ts); the WebGPU lanes use them.
  const server = await serveStatic(dist, { base: "/book/", isolate, overlays: [benchFolderFor(dist)] });
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const external = await blockOutsideRequests(context);
  return {
    browser,
    context,
    server,
    external,
    async close() {
      await browser.close();
      await server.close();
    }
  };
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
  const deadline = Date.now() + timeout;
  let count = await pageTensorCount(page);
  while (count !== expected && Date.now() < deadline) {
    await page.evaluate(() => new Promise((done) => setTimeout(done, 100)));
    count = await pageTensorCount(page);
  }
  if (count !== expected) throw new Error(`${what}: tf.memory().numTensors is ${count}, expected ${expected}`);
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

/** One browser session for a whole test file, opened by the first test that asks for it
 * (so hook order does not matter) and closed after the file's tests. */
export function useSession(options: { isolate?: boolean } = {}): () => Promise<Session> {
  let opening: Promise<Session> | undefined;
  after(async () => {
    if (opening) await (await opening).close();
  });
  return () => (opening ??= openSession(options));
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
