// `npx tsx bench/page-weight-main.ts [--dist <folder>] [--pages ch3-2-cnn,ch3-3-rnn]`: the
// page-weight figures (bench/page-weight.ts) of a built site, printed, without writing
// results: for comparing two builds (e.g. before and after a bundling change). Serves the
// folder like `npm run bench` (under /book/, cross-origin isolated, no outside requests).
import { join, resolve } from "node:path";
import { launchBrowser } from "../site/chromium.js";
import { serveStatic } from "../site/static-server.js";
import { blockOutsideRequests } from "../site/offline-guard.js";
import { measurePages } from "./page-weight.js";

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const dist = resolve(option("--dist") ?? join(process.cwd(), "dist"));
const pages = option("--pages")?.split(",");
const server = await serveStatic(dist, { base: "/book/" });
const browser = await launchBrowser();
const context = await browser.newContext();
const outside = await blockOutsideRequests(context);
try {
  const rows = await measurePages(context, server.url, pages);
  const kb = (b: number | null | undefined) => (typeof b === "number" ? `${(b / 1024).toFixed(1)} KB` : "—");
  console.log(`${dist}\npage\tJS\tJS gzip\tbefore first cell (gzip)\tbackend chunks`);
  for (const r of rows) console.log(`${r.page}\t${kb(r.jsBytes)}\t${kb(r.jsGzipBytes)}\t${kb(r.firstCellJsGzipBytes)}\t${r.backendChunks?.join(",") || "-"}`);
  if (outside.length) console.log(`requests outside the site (blocked): ${outside.join(", ")}`);
} finally {
  await browser.close();
  await server.close();
}
