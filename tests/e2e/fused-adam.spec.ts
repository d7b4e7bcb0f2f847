// The fused Adam update (components/backend/fused-adam.ts) in the browser, through the book's
// own @book/tf bundle: the bundle registers it, and a tiny model trained a few steps with
// tf.train.adam ends with the same weights and moments as with tfjs's own Adam (the fused
// kernel unregistered for the comparison run): bit for bit on WASM, within 1e-5 on WebGPU
// (SwiftShader), with no WebGPU error and no tensor left behind.
import assert from "node:assert/strict";
import { test, useSession, watchPage, type Page } from "./browser.js";

const session = useSession();

/** In the page: trains the same tiny model `steps` steps with the fused and tfjs's Adam;
 * returns the kernel's presence, the largest relative difference and the tensor counts. */
async function compareInPage(page: Page, steps: number) {
  return page.evaluate(async (steps) => {
    const href = [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].find((l) => l.href.includes("/_node/@book/tf@"))!.href;
    const tf = await import(href);
    const KERNEL = "BookAdamUpdate";
    const backend = tf.getBackend() as string;
    const registered = Boolean(tf.getKernel(KERNEL, backend));
    const values = (n: number, scale: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + n) * scale);
    const x = tf.tensor2d(values(8 * 6, 1), [8, 6]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], "int32"), 3).toFloat();
    const before = tf.memory().numTensors;
    const train = async (fused: boolean) => {
      const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 10, activation: "relu" }), tf.layers.dense({ units: 3, activation: "softmax" })] });
      tf.tidy(() => model.setWeights(model.getWeights().map((w: { shape: number[]; size: number }) => tf.tensor(values(w.size, 0.3), w.shape))));
      model.compile({ optimizer: tf.train.adam(0.05), loss: "categoricalCrossentropy" });
      const kernel = tf.getKernel(KERNEL, backend);
      if (!fused && kernel) tf.unregisterKernel(KERNEL, backend);
      try {
        for (let s = 0; s < steps; s++) await model.trainOnBatch(x, y);
      } finally {
        if (!fused && kernel) tf.registerKernel(kernel);
      }
      type T = { data(): Promise<Float32Array>; dispose(): void };
      const [iterations, ...moments] = (await model.optimizer.getWeights()).map((w: { tensor: T }) => w.tensor);
      const state = await Promise.all([...model.getWeights(), iterations, ...moments].map(async (t: T) => Array.from(await t.data())));
      iterations.dispose(); // getWeights makes this scalar; the rest are the optimizer's own
      model.optimizer.dispose();
      model.dispose();
      return state;
    };
    const [fused, plain] = [await train(true), await train(false)];
    let worst = 0;
    let identical = fused.length === plain.length;
    fused.forEach((a, i) =>
      a.forEach((value, j) => {
        const other = plain[i][j];
        if (!Object.is(value, other)) identical = false;
        const scale = Math.max(Math.abs(value), Math.abs(other));
        worst = Math.max(worst, Number.isNaN(value) !== Number.isNaN(other) ? Infinity : scale > 0 ? Math.abs(value - other) / scale : 0);
      })
    );
    const leaked = tf.memory().numTensors - before;
    tf.dispose([x, y]);
    return { backend, registered, identical, worst, leaked, arrays: fused.length };
  }, steps);
}

for (const backend of ["wasm", "webgpu"] as const) {
  test(`fused Adam on ${backend} trains like tfjs's Adam (${backend === "wasm" ? "bit for bit" : "within 1e-5"}), no leak`, async () => {
    const s = await session();
    const page = await s.context.newPage();
    const log = watchPage(page);
    await page.addInitScript((name) => localStorage.setItem("dlbook:backend", name), backend);
    await page.goto(s.server.url + "bench.html"); // a page that loads @book/tf and runs nothing by itself
    await page.locator("[data-backend-badge][data-running=true]").waitFor({ timeout: 120_000 });
    const result = await compareInPage(page, 4);
    console.log(`fused Adam on ${result.backend}: identical ${result.identical}, worst relative difference ${result.worst}`);
    assert.equal(result.backend, backend, "tfjs runs on the backend asked for");
    assert.ok(result.registered, "the bundle registers BookAdamUpdate");
    assert.equal(result.arrays, 4 + 1 + 8, "weights, iterations, m and v");
    if (backend === "wasm") assert.ok(result.identical, "bit-identical on WASM");
    assert.ok(result.worst <= 1e-5, `relative difference ${result.worst}`);
    assert.equal(result.leaked, 0, "no tensor left behind");
    const gpuErrors = await page.evaluate(() => ((globalThis as { __dlbookGpuErrors?: { messages: string[] } }).__dlbookGpuErrors?.messages ?? []).slice());
    assert.deepEqual(gpuErrors, [], "no WebGPU error");
    assert.deepEqual(log.errors.filter((line) => /WGSL|GPUValidationError|BookAdam/i.test(line)), [], "no shader error in the console");
    await page.evaluate(() => localStorage.removeItem("dlbook:backend"));
    await page.close();
  });
}
