// The parts of `npm run bench` that run in Chromium against the built site.
import type { BrowserContext, Page } from "playwright-core";
import type { BenchRequest, ThroughputResult } from "../components/bench/throughput.js";

export type Backend = "webgpu" | "webgl" | "wasm" | "cpu";
export const ALL_BACKENDS: Backend[] = ["webgpu", "webgl", "wasm", "cpu"];

export async function openOn(context: BrowserContext, url: string, backend: Backend | null, quick = false, prepare?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await context.newPage();
  await prepare?.(page);
  await page.addInitScript(
    ([name, quickBudget]) => {
      if (name) localStorage.setItem("dlbook:backend", name as string);
      else localStorage.removeItem("dlbook:backend");
      if (quickBudget) localStorage.setItem("dlbook:budget", "quick");
      else localStorage.removeItem("dlbook:budget");
    },
    [backend, quick] as const
  );
  await page.goto(url);
  return page;
}

export interface MachineInfo {
  userAgent: string;
  adapter: string;
  adapterIsSoftware: boolean;
  crossOriginIsolated: boolean;
  defaultBackend: string;
}

export async function describeBrowser(context: BrowserContext, siteUrl: string): Promise<MachineInfo> {
  const page = await openOn(context, siteUrl + "index.html", null);
  const badge = page.locator("[data-backend-badge][data-backend]");
  await badge.waitFor({ timeout: 60_000 });
  const info = await page.evaluate(async () => {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    const i = adapter?.info ?? {};
    return { userAgent: navigator.userAgent, adapter: [i.vendor, i.architecture, i.description].filter(Boolean).join(" ") || (adapter ? "unknown" : "none"), crossOriginIsolated: self.crossOriginIsolated };
  });
  const result = { ...info, adapterIsSoftware: (await badge.getAttribute("data-software")) === "true" || /swiftshader|llvmpipe/i.test(info.adapter), defaultBackend: (await badge.getAttribute("data-backend")) ?? "" };
  await page.close();
  return result;
}

export type TrainingRow = (ThroughputResult & { page: "bare" | "cell" }) | { model: string; backend: Backend; skipped: string };

/** One model on one backend from the bare bench page (or the book-cell page). */
export async function measureOn(context: BrowserContext, siteUrl: string, backend: Backend, request: BenchRequest, where: "bare" | "cell" = "bare"): Promise<TrainingRow> {
  const page = await openOn(context, siteUrl + (where === "bare" ? "bench.html" : "bench-cell.html"), backend);
  try {
    if (where === "bare") {
      await page.locator('[data-output="bench-ready"]').waitFor({ timeout: 120_000 });
      const actual = await page.evaluate(() => (window as unknown as { bookBench: { backend: string } }).bookBench.backend);
      if (actual !== backend) return { model: request.model, backend, skipped: `这个浏览器没有 ${backend}（实际为 ${actual}）` };
      const result = await page.evaluate((r) => (window as unknown as { bookBench: { run(r: unknown): Promise<ThroughputResult> } }).bookBench.run(r), request);
      return { ...result, page: where };
    }
    const output = page.locator('[data-output="bench-cell"]');
    await output.waitFor({ timeout: 120_000 });
    const actual = await output.getAttribute("data-backend");
    if (actual !== backend) return { model: request.model, backend, skipped: `这个浏览器没有 ${backend}（实际为 ${actual}）` };
    await page.evaluate((r) => ((window as unknown as { bookBenchRequest: unknown }).bookBenchRequest = r), request);
    await page.locator('[data-cell="bench-loop"] [data-action="run"]').click();
    const done = page.locator('[data-output="bench-cell"][data-result]');
    await done.waitFor({ timeout: 600_000 });
    return { ...(JSON.parse((await done.getAttribute("data-result"))!) as ThroughputResult), page: where };
  } finally {
    await page.close();
  }
}

// The page-weight part lives in bench/page-weight.ts.
export { measurePages, type PageWeight } from "./page-weight.js";
