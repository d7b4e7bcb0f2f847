// The GPU lanes (issue 22 item 18, issue 27): on Chromium's software adapters (SwiftShader,
// --enable-unsafe-webgpu over http://127.0.0.1), one tiny training step of the book's CNN,
// LSTM name classifier and Transformer on WebGPU and on WebGL gives the same first loss as on
// WASM (same seed, same rows) with no WebGPU error; the chooser follows measured speeds and
// the badge shows them; a WebGPU error stops a run with a message and a working WASM rerun.
import assert from "node:assert/strict";
import type { Page } from "@playwright/test";
import { expectTensorCount, openChapter, pageTensorCount, test, useSession, type Session } from "./browser.js";

const session = useSession();
type Backend = "wasm" | "webgpu" | "webgl";
const MODELS = ["cnn", "lstm", "transformer"] as const;
/** What a WebGPU validation error looks like in Chromium's console. */
const GPU_ERROR = /WGSL|GPUValidationError|Invalid (ShaderModule|ComputePipeline|CommandBuffer|BindGroup|Buffer)|WebGPU.*(error|lost)/i;

/** A page whose tfjs starts on `backend` (the reader's menu choice, remembered in localStorage). */
async function openOn(s: Session, file: string, backend: Backend): Promise<{ page: Page; consoleLines: string[] }> {
  const { page } = await openChapter(s, "index.html");
  const messages: string[] = [];
  page.on("console", (message) => messages.push(`${message.type()}: ${message.text()}`));
  await page.addInitScript((name) => localStorage.setItem("dlbook:backend", name), backend);
  await page.goto(s.server.url + file);
  await page.locator("[data-backend-badge][data-running=true]").waitFor({ timeout: 120_000 });
  return { page, consoleLines: messages };
}

/** Runs `body` with the page's own tfjs (the @book/tf bundle) as `tf`. */
function withTf<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(async (code) => {
    const href = [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].find((l) => l.href.includes("/_node/@book/tf@"))!.href;
    const tf = await import(href);
    return new Function("tf", `return (async () => { ${code} })()`)(tf);
  }, body) as Promise<T>;
}

const gpuLog = (page: Page) => page.evaluate(() => ((globalThis as { __dlbookGpuErrors?: { messages: string[] } }).__dlbookGpuErrors?.messages ?? []).slice());

/** First training losses of the three models on one backend: one step at batch 8 (a software
 * GPU compiles every shader on the CPU, so even that takes tens of seconds). */
async function firstLosses(s: Session, backend: Backend): Promise<{ losses: Record<string, number>; consoleLines: string[]; gpuErrors: string[] }> {
  const { page, consoleLines } = await openOn(s, "bench.html", backend);
  await page.locator('[data-output="bench-ready"]').waitFor({ timeout: 120_000 });
  assert.equal(await withTf<string>(page, "return tf.getBackend();"), backend, "tfjs runs on the backend asked for");
  assert.equal(await page.locator("[data-backend-badge]").getAttribute("data-backend"), backend, "the badge shows what tfjs runs");
  const losses: Record<string, number> = {};
  for (const model of MODELS) {
    // The LSTM is 3.3's classifier at full size (its padding mask is what broke on WebGPU).
    const request = { model, size: model === "lstm" ? "full" : "small", batchSize: 8, warmupBatches: 0, batches: 1 };
    const result = await page.evaluate((r) => (window as unknown as { bookBench: { run(r: unknown): Promise<{ firstLoss: number; backend: string }> } }).bookBench.run(r), request);
    assert.equal(result.backend, backend);
    losses[model] = result.firstLoss;
  }
  const gpuErrors = await gpuLog(page);
  await page.evaluate(() => localStorage.removeItem("dlbook:backend"));
  await page.close();
  return { losses, consoleLines, gpuErrors };
}

test.describe("GPU lanes: the same first losses as WASM", () => {
  let reference: Record<string, number> | undefined;
  const wasmLosses = async () => (reference ??= (await firstLosses(await session(), "wasm")).losses);

  for (const backend of ["webgpu", "webgl"] as const) {
    test(`${backend}: one step of the CNN, the LSTM and the Transformer, within 1e-4 of WASM, no WebGPU error`, async () => {
      const s = await session();
      const want = await wasmLosses();
      const { losses, consoleLines, gpuErrors } = await firstLosses(s, backend);
      for (const model of MODELS) {
        const relative = Math.abs(losses[model] - want[model]) / Math.abs(want[model]);
        console.log(`first loss ${model}: ${backend} ${losses[model]} · wasm ${want[model]} (relative ${relative.toExponential(2)})`);
        assert.ok(relative < 1e-4, `${model} on ${backend}: ${losses[model]} vs WASM ${want[model]}`);
      }
      assert.deepEqual(gpuErrors, [], "no error on the WebGPU device");
      assert.deepEqual(consoleLines.filter((line) => GPU_ERROR.test(line)), [], "no WebGPU error in the console");
    });
  }
});

/** The speed record's key for a page (published by the bundle with the backend status). */
async function speedKeyOf(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as { __dlbookBackendStatus?: { speedKey: string } }).__dlbookBackendStatus!.speedKey);
}

test.describe("choosing by measured speed", () => {
  test("with figures where WASM is faster the page trains on WASM, and the badge shows both figures", async () => {
    const s = await session();
    const { page } = await openChapter(s, "ch3-5-transformer.html");
    const badge = page.locator("[data-backend-badge][data-running=true]");
    await badge.waitFor({ timeout: 120_000 });
    const key = await speedKeyOf(page);
    assert.match(key, /^dlbook:speed:\w+:transformer:/);
    const remember = (figures: Record<string, number>) => page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, JSON.stringify({ model: "transformer", samplesPerSecond: figures, failed: {}, probeMs: 1 })]);

    await remember({ webgpu: 385, wasm: 2354 });
    await page.reload();
    await badge.waitFor({ timeout: 120_000 });
    assert.equal(await badge.getAttribute("data-backend"), "wasm");
    assert.equal(await page.locator("[data-backend-badge] [data-speeds]").textContent(), "WebGPU 385/s · WASM 2,354/s → WASM");
    assert.match((await badge.getAttribute("title")) ?? "", /实测本页模型的训练速度/);
    const cell = page.locator('[data-cell="train-transformer"]');
    await cell.locator('[data-action="train"]').click({ timeout: 120_000 });
    await cell.locator('.training-panel[data-state="done"]').waitFor({ timeout: 300_000 });
    assert.equal(await withTf<string>(page, "return tf.getBackend();"), "wasm", "it trained on WASM");

    // The same page follows the figures the other way: WebGPU measured faster → WebGPU.
    await remember({ webgpu: 9000, wasm: 2354 });
    await page.reload();
    await badge.waitFor({ timeout: 120_000 });
    assert.equal(await badge.getAttribute("data-backend"), "webgpu");
    assert.equal(await withTf<string>(page, "return tf.getBackend();"), "webgpu");

    // A reader who picks the slower one keeps it, and is told.
    await page.evaluate(() => localStorage.setItem("dlbook:backend", "wasm"));
    await page.reload();
    await badge.waitFor({ timeout: 120_000 });
    assert.equal(await badge.getAttribute("data-backend"), "wasm");
    assert.match((await badge.getAttribute("title")) ?? "", /实测 WASM 比 WebGPU 慢（2,354 对 9,000 样本\/秒）/);
    assert.match((await badge.textContent()) ?? "", /计算：WASM（实测较慢）/, "said on the badge, not only in its tooltip");
    await page.evaluate((k) => (localStorage.removeItem("dlbook:backend"), localStorage.removeItem(k)), key);
    await page.close();
  });
});

test.describe("a WebGPU error during training", () => {
  test("stops the run with a message, leaks nothing, and the one-click WASM rerun trains", async () => {
    const s = await session();
    const { page } = await openOn(s, "ch3-3-rnn.html", "webgpu");
    const cell = page.locator('[data-cell="train-names"]');
    const start = cell.locator('[data-action="train"]');
    await start.waitFor({ timeout: 120_000 });
    assert.deepEqual(await gpuLog(page), [], "no WebGPU error before the injection (the LSTM's mask compiles)");
    // A real validation error on the page's device: a shader that is not WGSL.
    await withTf(page, 'tf.backend().device.createShaderModule({code: "this is not WGSL"});');
    await page.waitForFunction(() => ((globalThis as { __dlbookGpuErrors?: { messages: string[] } }).__dlbookGpuErrors?.messages.length ?? 0) > 0);
    const before = await pageTensorCount(page);
    await start.click();
    const notice = cell.locator('[data-output="gpu-error"]');
    await notice.waitFor({ timeout: 120_000 });
    // The cell shows the error (the engine's display of what the run threw), the notice the way out.
    await page.waitForFunction(() => /WebGPU 出错，训练已停止：显卡报告了 \d+ 个错误.*改用 WASM/.test(document.querySelector('[data-cell="train-names"]')?.textContent ?? ""));
    assert.match((await notice.textContent()) ?? "", /WebGPU 报错而停止.*WebAssembly 重新训练/);
    // The engine frees what the stopped run made once its promise settles, which can be just
    // after the message is shown: wait for the count to come back (a leak never does).
    await expectTensorCount(page, before, "the stopped run leaked no tensor");
    const key = await speedKeyOf(page);

    await Promise.all([page.waitForEvent("load"), notice.locator('[data-action="rerun-wasm"]').click()]);
    const badge = page.locator("[data-backend-badge][data-running=true]");
    await badge.waitFor({ timeout: 120_000 });
    assert.equal(await badge.getAttribute("data-backend"), "wasm");
    assert.match((await badge.getAttribute("title")) ?? "", /上次在 WebGPU 上训练时显卡报错.*这次改用 WASM 重新运行/);
    // The training starts again by itself, on WASM, and finishes.
    await cell.locator('.training-panel[data-state="done"]').waitFor({ timeout: 300_000 });
    assert.equal(await cell.locator('[data-action="train"]').count(), 0, "started without a second click");
    assert.equal(await withTf<string>(page, "return tf.getBackend();"), "wasm");
    const record = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), key)) ?? "null");
    assert.match(record?.failed?.webgpu ?? "", /WGSL|ShaderModule|parsing/i, "the failure is remembered for this model");
    await page.evaluate((k) => (localStorage.removeItem("dlbook:backend"), localStorage.removeItem(k)), key);
    await page.close();
  });
});
