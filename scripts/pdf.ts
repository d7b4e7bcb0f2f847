// `npm run pdf`: Debian's Chromium prints each chapter of the built book to PDF, into pdf/
// next to dist/, and joins them into one file for the whole book (with poppler's pdfunite,
// when it is installed). Cells run in the quick budget first, so outputs and charts are
// printed as a reader would see them after opening the page.
//   npm run pdf                                  every page of the table of contents
//   npm run pdf -- --pages ch3-2-cnn,ch4-training   only these
//   npm run pdf -- --out <folder>                another folder than pdf/
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchBrowser } from "../site/chromium.js";
import { waitForCellsSettled } from "../site/settle.js";
import { serveStatic } from "../site/static-server.js";
import { tocPages } from "../site/toc.js";
import { blockOutsideRequests } from "../site/offline-guard.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface PrintOptions {
  pages?: string[];
  out?: string;
  log?: (line: string) => void;
}

export async function printBook({ pages, out = join(root, "pdf"), log = console.log }: PrintOptions = {}): Promise<string[]> {
  const dist = join(root, "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("dist/ 还没有构建：先运行 npm run build。");
  const all = tocPages().map((p) => p.path.slice(1));
  const chosen = pages?.length ? pages : all;
  const unknown = chosen.filter((p) => !all.includes(p));
  if (unknown.length) throw new Error(`目录里没有这些页面：${unknown.join("、")}（可用：${all.join("、")}）`);
  mkdirSync(out, { recursive: true });
  const server = await serveStatic(dist, { isolate: false });
  const browser = await launchBrowser();
  const written: string[] = [];
  try {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem("dlbook:budget", "quick"));
    // The book makes no request outside itself; printing must not either.
    await blockOutsideRequests(context);
    for (const name of chosen) {
      const page = await context.newPage();
      await page.goto(`${server.url}${name}.html`);
      await waitForCellsSettled(page, name);
      await page.evaluate(() => document.fonts.ready);
      const file = join(out, `${name}.pdf`);
      await page.pdf({ path: file, format: "A4", printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
      await page.close();
      written.push(file);
      log(`  ${name}.pdf`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (written.length > 1) {
    const book = join(out, "全书.pdf");
    const joined = spawnSync("pdfunite", [...written, book], { encoding: "utf8" });
    if (joined.status === 0) written.push(book);
    else log(`没有合成全书.pdf：${joined.error ? "找不到 pdfunite（Debian 的 poppler-utils 包）" : joined.stderr}`);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { pages: { type: "string" }, out: { type: "string" } } });
  const started = performance.now();
  const files = await printBook({ pages: values.pages?.split(",").filter(Boolean), out: values.out ? resolve(values.out) : undefined });
  console.log(`wrote ${files.length} PDF files in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
