// 3.5's fused Transformer kernels in WGSL (components/backend/fused-transformer-webgpu*.ts) in
// Chromium's WebGPU (SwiftShader): registered on the page's tfjs, every kernel with the
// inputs 3.6's masked training adds (padding, causal mask, loss weights, biases, the second
// upstream gradient) gives the WASM kernels' outputs to 1e-5, with no WebGPU error and no
// tensor left behind. (webgpu.spec.ts trains the Transformer through them without masks.)
import assert from "node:assert/strict";
import { test, useSession } from "./browser.js";

const session = useSession();
const KERNELS = ["BookEmbed", "BookEmbedGrad", "BookAttention", "BookAttentionGrad", "BookAddLayerNorm", "BookLayerNormGrad", "BookBiasRelu", "BookReluGrad", "BookSoftmaxXent"];
const GPU_ERROR = /WGSL|GPUValidationError|Invalid (ShaderModule|ComputePipeline|CommandBuffer|BindGroup|Buffer)|WebGPU.*(error|lost)/i;

/** Runs in the page with its own tfjs as `tf`: every kernel on webgpu, then on wasm. */
const IN_PAGE = `
  const values = (n, seed, scale = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * scale);
  const [b, t, heads, dh, v] = [3, 5, 2, 4, 7];
  const [d, rows] = [heads * dh, b * t];
  const ids = [Int32Array.from({ length: rows }, (_, i) => (i * 5 + 3) % v), [b, t], "int32"];
  const padding = Float32Array.from({ length: rows }, (_, i) => (i % t >= t - (Math.floor(i / t) % 3) ? 0 : 1));
  const m = (seed, cols = d, scale = 1) => [values(rows * cols, seed, scale), [rows, cols]];
  const vec = (seed, n = d, offset = 0) => [values(n, seed).map((x) => x + offset), [n]];
  const cases = [
    ["BookEmbed", { table: [values(v * d, 1), [v, d]], ids, positions: [values(t * d, 2), [t, d]] }, { scale: Math.sqrt(d) }],
    ["BookEmbedGrad", { dy: m(3), extra: m(4), ids }, { vocab: v, scale: Math.sqrt(d) }],
    ["BookAttention", { qkv: m(5, 3 * d), padding: [padding, [b, t]] }, { batch: b, heads, causal: true, scale: true }],
    ["BookAttentionGrad", { dctx: m(6), qkv: m(5, 3 * d), weights: [values(b * heads * t * t, 7).map(Math.abs), [b, heads, t, t]] }, { batch: b, heads, causal: true, scale: true }],
    ["BookAddLayerNorm", { a: m(8, d, 2), b: m(9), bias: vec(10), gamma: vec(11, d, 1), beta: vec(12) }, { epsilon: 1e-5 }],
    ["BookLayerNormGrad", { dy: m(13), extra: m(14), xhat: m(15), rstd: [values(rows, 16).map((x) => 1 + Math.abs(x)), [rows]], gamma: vec(17, d, 1) }, {}],
    ["BookBiasRelu", { x: m(18, 16), bias: vec(19, 16) }, {}],
    ["BookReluGrad", { dy: m(20, 16), y: m(21, 16) }, {}],
    ["BookSoftmaxXent", { logits: m(22, v, 3), bias: vec(23, v), targets: [ids[0].map((x) => (x * 3) % v), [b, t], "int32"], weights: [padding.map((p, i) => (p && i % 2 ? 1 : 0)), [b, t]] }, {}]
  ];
  const runAll = async () => {
    const results = [];
    for (const [name, inputs, attrs] of cases) {
      const tensors = Object.fromEntries(Object.entries(inputs).map(([key, [data, shape, dtype]]) => [key, tf.tensor(data, shape, dtype ?? "float32")]));
      const out = [tf.engine().runKernel(name, tensors, attrs)].flat();
      results.push(await Promise.all(out.map(async (x) => Array.from(await x.data()))));
      tf.dispose([...out, ...Object.values(tensors)]);
    }
    return results;
  };
  const registered = KERNELS.filter((name) => tf.getKernel(name, "webgpu"));
  const before = tf.memory().numTensors;
  const webgpu = await runAll();
  const leaked = tf.memory().numTensors - before;
  await tf.setBackend("wasm");
  const wasm = await runAll();
  await tf.setBackend("webgpu");
  return { registered, leaked, webgpu, wasm };`;

test.describe("3.5's fused Transformer kernels on WebGPU (Chromium)", () => {
  test("each of the nine equals the WASM kernel to 1e-5 with masks and loss weights, without WebGPU errors", async () => {
    const s = await session();
    const page = await s.context.newPage();
    const consoleLines: string[] = [];
    page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    await page.addInitScript(() => localStorage.setItem("dlbook:backend", "webgpu"));
    await page.goto(s.server.url + "bench.html"); // a light page that loads tfjs
    await page.locator("[data-backend-badge][data-running=true]").waitFor({ timeout: 120_000 });
    const result = await page.evaluate(async ({ code, kernels }) => {
      const href = [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].find((l) => l.href.includes("/_node/@book/tf@"))!.href;
      const tf = await import(href);
      if (tf.getBackend() !== "webgpu") return { backend: tf.getBackend() };
      return new Function("tf", "KERNELS", `return (async () => { ${code} })()`)(tf, kernels);
    }, { code: IN_PAGE, kernels: KERNELS });
    assert.ok("registered" in result, `the page runs on webgpu, not ${"backend" in result ? result.backend : "?"}`);
    const { registered, leaked, webgpu, wasm } = result as { registered: string[]; leaked: number; webgpu: number[][][]; wasm: number[][][] };
    assert.deepEqual(registered, KERNELS, "every kernel is registered for webgpu");
    assert.equal(leaked, 0, "no tensor left behind");
    KERNELS.forEach((name, k) => {
      assert.equal(webgpu[k].length, wasm[k].length, `${name}: outputs`);
      webgpu[k].forEach((values, o) => {
        const worst = Math.max(...values.map((x, i) => Math.abs(x - wasm[k][o][i]) / Math.max(1, Math.abs(wasm[k][o][i]))));
        assert.ok(worst <= 1e-5, `${name} output ${o}: differs from WASM by ${worst}`);
        if (values.length > 1) assert.ok(wasm[k][o].some((x) => x !== 0), `${name} output ${o} is not all zeros`);
      });
    });
    const gpuErrors = await page.evaluate(() => ((globalThis as { __dlbookGpuErrors?: { messages: string[] } }).__dlbookGpuErrors?.messages ?? []).slice());
    assert.deepEqual(gpuErrors, [], "no error on the WebGPU device");
    assert.deepEqual(consoleLines.filter((line) => GPU_ERROR.test(line)), [], "no WebGPU error in the console");
    await page.evaluate(() => localStorage.removeItem("dlbook:backend"));
    await page.close();
  });
});
