// The page-weight part of `npm run bench` (and bench/page-weight-main.ts): the JavaScript and
// CSS each page loads, uncompressed and gzipped, and how much JavaScript arrives before the
// page's first code cell has run — what a reader waits for (issue 24's target: ≤ 350 KB
// gzipped on pages that load tfjs). Each page is opened with no backend chosen in the menu, so
// it starts on what the chooser picks on this machine.
import { gzipSync } from "node:zlib";
import type { BrowserContext } from "playwright-core";
import { tocPages } from "../site/toc.js";

/** Issue 24: JavaScript (gzipped) before the first cell runs, on pages that load tfjs. */
export const FIRST_CELL_GZIP_TARGET = 350 * 1024;

export interface PageWeight {
  page: string;
  jsBytes: number;
  /** The same scripts gzipped (zlib's default level, as a web server sends them). */
  jsGzipBytes?: number;
  /** Gzipped JavaScript requested before the first code cell finished its first run; null on
   * pages without cells (or when no cell finished within the wait). */
  firstCellJsGzipBytes?: number | null;
  cssBytes: number;
  requests: number;
  firstContentfulPaintMs: number | null;
  /** When KaTeX's fonts were ready (formulas drawn in their final shape); null without formulas. */
  firstFormulaMs: number | null;
  loadsTfjs: boolean;
  /** Which backend chunks of @book/tf (CPU, WebGPU, WebGL) the page loaded (none unless chosen or probed). */
  backendChunks?: string[];
}

/** How long a page's first cell may take to finish before the figure is left out. */
const FIRST_CELL_WAIT_MS = 120_000;

/** A backend chunk of @book/tf (packages/tf/dist/cpu.js, webgpu.js, webgl.js) in a built site. */
export function backendChunkOf(url: string): string | null {
  return url.match(/\/_node\/@book\/tf@[^/]+\/(cpu|webgpu|webgl)(\.[0-9a-f]+)?\.js$/)?.[1] ?? null;
}

/** JS and CSS bytes each page loads until it is idle (lazy parts such as the editor excluded). */
export async function measurePages(context: BrowserContext, siteUrl: string, paths = tocPages().map((p) => p.path.slice(1))): Promise<PageWeight[]> {
  const rows: PageWeight[] = [];
  for (const path of paths) {
    const page = await context.newPage();
    // The machine's own choice, not whatever an earlier part of the bench chose in the menu;
    // and when the first cell finished (any final state), on the page's clock.
    await page.addInitScript(() => {
      localStorage.removeItem("dlbook:backend");
      performance.setResourceTimingBufferSize(10_000);
      const w = window as unknown as { __firstCellMs?: number };
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-cell][data-state="done"], [data-cell][data-state="error"], [data-cell][data-state="waiting"], [data-cell][data-state="stopped"]')) return;
        w.__firstCellMs = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
    });
    const sizes: Promise<{ type: string; bytes: number; gzip: number; url: string }>[] = [];
    page.on("response", (response) => {
      const type = response.request().resourceType();
      // blob: scripts are made in the page (the WASM backend's thread workers), not downloaded.
      if ((type === "script" || type === "stylesheet") && /^https?:/.test(response.url())) sizes.push(response.body().then((b) => ({ type, bytes: b.length, gzip: gzipSync(b).length, url: response.url() }), () => ({ type, bytes: 0, gzip: 0, url: response.url() })));
    });
    await page.goto(`${siteUrl}${path}.html`, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const hasCells = (await page.locator("[data-cell]").count()) > 0;
    if (hasCells) await page.waitForFunction(() => (window as unknown as { __firstCellMs?: number }).__firstCellMs !== undefined, null, { timeout: FIRST_CELL_WAIT_MS }).catch(() => undefined);
    // Formulas are rendered at build time; they show in their final shape once the first
    // paint has happened and KaTeX's fonts have arrived.
    const timing = await page.evaluate(() => {
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const fonts = resources.filter((r) => /KaTeX_[^/]*\.(woff2?|ttf)$/.test(r.name)).map((r) => r.responseEnd);
      const formula = document.querySelector(".katex") && fcp !== null ? Math.max(fcp, ...fonts) : null;
      const firstCell = (window as unknown as { __firstCellMs?: number }).__firstCellMs ?? null;
      const beforeFirstCell = firstCell === null ? [] : resources.filter((r) => r.startTime <= firstCell).map((r) => r.name);
      return { fcp, formula, firstCell, beforeFirstCell };
    });
    const loaded = await Promise.all(sizes);
    const scripts = loaded.filter((r) => r.type === "script");
    const early = new Set(timing.beforeFirstCell);
    rows.push({
      page: path,
      jsBytes: scripts.reduce((s, r) => s + r.bytes, 0),
      jsGzipBytes: scripts.reduce((s, r) => s + r.gzip, 0),
      firstCellJsGzipBytes: timing.firstCell === null ? null : scripts.filter((r) => early.has(r.url)).reduce((s, r) => s + r.gzip, 0),
      cssBytes: loaded.filter((r) => r.type === "stylesheet").reduce((s, r) => s + r.bytes, 0),
      requests: loaded.length,
      firstContentfulPaintMs: timing.fcp,
      firstFormulaMs: timing.formula,
      loadsTfjs: loaded.some((r) => r.url.includes("/_node/@book/tf@")),
      backendChunks: [...new Set(scripts.map((r) => backendChunkOf(r.url)).filter((c): c is string => c !== null))]
    });
    await page.close();
  }
  return rows;
}

const n = (v: number, digits = 1) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (bytes: number | undefined | null) => (bytes === undefined || bytes === null ? "—" : `${n(bytes / 1024)} KB`);

/** The page-weight section of docs/benchmarks.md. */
export function renderPageWeight(pages: PageWeight[]): string[] {
  const lines = [
    "## 页面重量与首次绘制 Page weight",
    "",
    "页面载入到网络空闲为止加载的 JS 与 CSS（未压缩字节；“JS gzip”为同一批脚本用 gzip 默认级别压缩后的字节，即服务器压缩传输时的大小；编辑器等按需加载的部分不计）。“首个单元前 JS”：第一个代码单元运行结束之前请求的全部脚本（gzip），目标 ≤ 350 KB（issue 24，加载 tfjs 的页面）。页面按本机自动选择的后端打开；“后端块”列出载入的 CPU/WebGPU/WebGL 后端块（@book/tf 的主包只含 WASM 后端，其余只在选中、测速或退回时载入）。“公式就绪”为 KaTeX 字体加载完成、公式以最终字形显示的时刻。",
    "",
    "| 页面 | JS | JS gzip | 首个单元前 JS（gzip） | CSS | 请求数 | 首次内容绘制 | 公式就绪 | 加载 tfjs | 后端块 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
  ];
  for (const p of pages) {
    const first = p.firstCellJsGzipBytes;
    const mark = p.loadsTfjs && typeof first === "number" ? (first <= FIRST_CELL_GZIP_TARGET ? " ✓" : " ✗") : "";
    lines.push(`| ${p.page} | ${kb(p.jsBytes)} | ${kb(p.jsGzipBytes)} | ${kb(first)}${mark} | ${kb(p.cssBytes)} | ${p.requests} | ${p.firstContentfulPaintMs === null ? "—" : `${n(p.firstContentfulPaintMs, 0)} ms`} | ${p.firstFormulaMs === null ? "—" : `${n(p.firstFormulaMs, 0)} ms`} | ${p.loadsTfjs ? "是" : "否"} | ${p.backendChunks?.length ? p.backendChunks.join("、") : "—"} |`);
  }
  const text = pages.filter((p) => !p.loadsTfjs).sort((a, b) => b.jsBytes - a.jsBytes)[0];
  if (text) lines.push("", `不含代码单元的页面中最重的是 ${text.page}：${kb(text.jsBytes)} JS（上限 300 KB）。`);
  const measured = pages.filter((p) => p.loadsTfjs && typeof p.firstCellJsGzipBytes === "number");
  const heaviest = measured.sort((a, b) => b.firstCellJsGzipBytes! - a.firstCellJsGzipBytes!)[0];
  if (heaviest) {
    const over = measured.filter((p) => p.firstCellJsGzipBytes! > FIRST_CELL_GZIP_TARGET).map((p) => p.page);
    lines.push("", `加载 tfjs 的页面中，第一个代码单元运行前最多的是 ${heaviest.page}：${kb(heaviest.firstCellJsGzipBytes)} JS（gzip；目标 ≤ 350 KB，${over.length ? `未达标：${over.join("、")}` : "全部达标"}）。`);
  }
  lines.push("");
  return lines;
}
