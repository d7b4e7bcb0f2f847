// The CPU, WebGPU and WebGL backends are chunks of @book/tf of their own (packages/tf/dist/
// cpu.js, webgpu.js, webgl.js; the main bundle has WASM): a page requests one only when its
// start-up picks or probes that backend. Without WebGPU (and on this machine's software GPUs,
// which the chooser never probes) a tfjs page on WASM requests none; the reader's choice in the
// badge menu loads its chunk, and tfjs then runs on it through the page's one tfjs-core (the
// chunk registers its backend there; a second core would leave tf.getBackend() on WASM).
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { backendChunkOf } from "../../bench/page-weight.js";
import { isSoftwareRenderer } from "../../components/backend/detect.js";
import { test, useSession, type Session } from "./browser.js";

const session = useSession();

/** Opens `file` with the menu's choice (null: automatic), optionally hiding navigator.gpu;
 * returns the page, once tfjs runs, and the backend chunks it requested. */
async function open(s: Session, file: string, backend: string | null, hideWebGPU = false): Promise<{ page: Page; chunks: string[] }> {
  const page = await s.context.newPage();
  const chunks: string[] = [];
  page.on("request", (request) => {
    const chunk = backendChunkOf(request.url());
    if (chunk) chunks.push(chunk);
  });
  await page.addInitScript(
    ([name, hide]) => {
      if (name) localStorage.setItem("dlbook:backend", name as string);
      else localStorage.removeItem("dlbook:backend");
      if (hide) Object.defineProperty(Navigator.prototype, "gpu", { get: () => undefined, configurable: true });
    },
    [backend, hideWebGPU] as const
  );
  await page.goto(s.server.url + file);
  await page.locator("[data-backend-badge][data-running=true]").waitFor({ timeout: 120_000 });
  return { page, chunks };
}

async function close(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.removeItem("dlbook:backend"));
  await page.close();
}

test.describe("backend chunks", () => {
  test("a page without WebGPU (or with only software GPUs) requests no backend chunk", async () => {
    const s = await session();
    // ch3-2-cnn probes backend speeds for its model: only real GPUs are candidates.
    for (const hide of [true, false]) {
      const { page, chunks } = await open(s, "ch3-2-cnn.html", null, hide);
      await page.waitForLoadState("networkidle");
      const badge = page.locator("[data-backend-badge]");
      // The probe and the chooser leave software GPUs out (components/backend/speed.ts).
      const gpus = await page.evaluate(async () => {
        const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; description?: string } } | null> } }).gpu;
        const adapter = await gpu?.requestAdapter();
        const gl = document.createElement("canvas").getContext("webgl2");
        const debug = gl?.getExtension("WEBGL_debug_renderer_info");
        const renderer = gl && debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : "";
        return { webgpu: adapter ? [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].join(" ") + (adapter.isFallbackAdapter ? " software" : "") : "", webgl: renderer };
      });
      const software = (name: string) => !name || isSoftwareRenderer(name);
      if (software(gpus.webgpu) && software(gpus.webgl)) assert.deepEqual(chunks, [], `no backend chunk (navigator.gpu ${hide ? "hidden" : gpus.webgpu}, WebGL ${gpus.webgl})`);
      else console.log(`hardware GPU here (${gpus.webgpu} / ${gpus.webgl}): chunks ${chunks.join(", ")}`);
      if (hide) {
        assert.ok(!chunks.includes("webgpu"), "never the WebGPU chunk without navigator.gpu");
        assert.notEqual(await badge.getAttribute("data-backend"), "webgpu");
      }
      await close(page);
    }
  });

  test("the reader's pick of WebGPU is ignored without navigator.gpu: no chunk, WASM runs", async () => {
    const { page, chunks } = await open(await session(), "bench.html", "webgpu", true);
    assert.deepEqual(chunks.filter((c) => c === "webgpu"), []);
    assert.notEqual(await page.locator("[data-backend-badge]").getAttribute("data-backend"), "webgpu");
    await close(page);
  });

  for (const backend of ["cpu", "webgpu", "webgl"] as const) {
    test(`choosing ${backend} in the menu loads its chunk and tfjs runs on it`, async () => {
      const s = await session();
      const { page, chunks } = await open(s, "bench.html", backend);
      assert.deepEqual(chunks, [backend], `only the ${backend} chunk`);
      assert.equal(await page.locator("[data-backend-badge]").getAttribute("data-backend"), backend, "the badge shows what tfjs runs");
      const actual = await page.evaluate(async () => {
        const href = [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].find((l) => l.href.includes("/_node/@book/tf@"))!.href;
        const tf = await import(href);
        const x = tf.tensor1d([1, 2, 3]);
        const y = x.square().sum();
        const value = (await y.data())[0];
        tf.dispose([x, y]);
        return { backend: tf.getBackend(), value };
      });
      assert.deepEqual(actual, { backend, value: 14 });
      await close(page);
    });
  }
});
