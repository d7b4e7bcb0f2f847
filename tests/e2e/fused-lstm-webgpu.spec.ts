// The fused LSTM step kernels' WGSL (components/backend/fused-lstm-webgpu.ts) in the browser:
// the WebGPU chunk registers them, and on Chromium's SwiftShader adapter every variant of
// BookLstmCell and BookLstmCellGrad (first/later step, last/earlier step, mask, every step)
// gives what the book's WASM kernels give on the same inputs, with no WebGPU error and no
// leaked tensor. webgpu.spec.ts checks the 3.3 model's first loss on WebGPU (the forward pass);
// this covers the backward kernel too. The model-level gradients are checked in Node
// (tests/backend/fused-lstm-webgpu.test.ts).
import assert from "node:assert/strict";
import { openChapter, test, useSession } from "./browser.js";

const session = useSession();

type Call = [kernel: string, inputs: string[], attrs: Record<string, number | boolean>];
const [T, B, U] = [3, 5, 4];
const LATER = ["dzLater", "uT", "dc", "dhLater"];
const CALLS: Call[] = [false, true].flatMap((masked): Call[] => {
  const keep = masked ? ["keep"] : [];
  return [
    ["BookLstmCell", ["p", ...keep], { step: 0 }],
    ["BookLstmCell", ["p", "u", "c", "h", ...keep], { step: 2 }],
    ["BookLstmCellGrad", ["record", "cPrev", "dy", ...keep], { step: T - 1, everyStep: false }],
    ["BookLstmCellGrad", ["record", "cPrev", "dy", ...LATER, ...keep], { step: 1, everyStep: false }],
    ["BookLstmCellGrad", ["record", "cPrev", "dySeq", ...LATER, ...keep], { step: 0, everyStep: true }]
  ];
});

test("the fused LSTM kernels on WebGPU give what the WASM kernels give, every variant, no WebGPU error, no leak", async () => {
  const s = await session();
  const { page } = await openChapter(s, "index.html");
  await page.addInitScript(() => localStorage.setItem("dlbook:backend", "webgpu"));
  await page.goto(s.server.url + "bench.html");
  await page.locator("[data-backend-badge][data-running=true]").waitFor({ timeout: 120_000 });
  const result = await page.evaluate(
    async ({ calls, sizes }) => {
      const href = [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].find((l) => l.href.includes("/_node/@book/tf@"))!.href;
      const tf = await import(href);
      const [T, B, U] = sizes;
      let seed = 7;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const floats = (shape: number[], scale: number, squash = false) => ({ shape, data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (squash ? random() : (random() - 0.5) * scale)) });
      const source: Record<string, { shape: number[]; data: number[] }> = {
        p: floats([T, B, 4 * U], 6), u: floats([U, 4 * U], 1.5), uT: floats([4 * U, U], 1.5), c: floats([B, U], 2), h: floats([B, U], 2),
        keep: { shape: [T, B, 1], data: Array.from({ length: T * B }, (_, k) => (k % B === 3 || (k % B) + Math.floor(k / B) < 2 ? 0 : 1)) },
        record: floats([T, B, 5 * U], 1, true), cPrev: floats([T, B, U], 2), dy: floats([B, U], 2), dySeq: floats([B, T, U], 2),
        dzLater: floats([B, 4 * U], 2), dc: floats([B, U], 2), dhLater: floats([B, U], 2)
      };
      const available = ["BookLstmCell", "BookLstmCellGrad"].every((name) => !!tf.getKernel(name, "webgpu"));
      const outputs: Record<string, number[][][]> = {};
      const start = tf.memory().numTensors;
      for (const backend of ["wasm", "webgpu"]) {
        await tf.setBackend(backend);
        outputs[backend] = [];
        for (const [kernel, names, attrs] of calls) {
          const inputs = Object.fromEntries(names.map((name: string) => [name === "dySeq" ? "dy" : name, tf.tensor(source[name].data, source[name].shape)]));
          const outs = tf.engine().runKernel(kernel, inputs, attrs);
          outputs[backend].push(await Promise.all(outs.map(async (t: { data(): Promise<Float32Array> }) => Array.from(await t.data()))));
          tf.dispose([...Object.values(inputs), ...outs]);
        }
      }
      const gpuErrors = ((globalThis as { __dlbookGpuErrors?: { messages: string[] } }).__dlbookGpuErrors?.messages ?? []).slice();
      return { available, outputs, leaked: tf.memory().numTensors - start, backend: tf.getBackend(), gpuErrors };
    },
    { calls: CALLS, sizes: [T, B, U] }
  );
  assert.ok(result.available, "the WebGPU chunk registers both kernels");
  assert.equal(result.backend, "webgpu");
  CALLS.forEach(([kernel, names, attrs], c) => {
    const [gpu, wasm] = [result.outputs.webgpu[c], result.outputs.wasm[c]];
    assert.equal(gpu.length, 3);
    gpu.forEach((values, k) => {
      // max |a − b| over the output's largest |value|: exp and the matrix product round differently.
      const scale = Math.max(1e-12, ...wasm[k].map(Math.abs));
      const error = Math.max(...values.map((v, i) => Math.abs(v - wasm[k][i]))) / scale;
      assert.ok(error <= 1e-5, `${kernel}(${names.join(", ")}) ${JSON.stringify(attrs)} output ${k}: ${error}`);
    });
  });
  assert.equal(result.leaked, 0, "no leaked tensor");
  assert.deepEqual(result.gpuErrors, [], "no WebGPU error");
  await page.evaluate(() => localStorage.removeItem("dlbook:backend"));
  await page.close();
});
