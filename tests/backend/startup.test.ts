// Start-up loads a GPU backend's chunk only when it is about to probe or start that backend
// (packages/tf/browser-entry.js passes the chunk imports as `load`): never on a machine that
// does not offer it, before tf.setBackend when it is picked, and a chunk that fails to load
// falls back with the reason. In Node a CPU backend registered under the GPU's name stands in
// for the chunk's backend.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import * as tf from "@book/tf";
import { startBackend, type StartOptions } from "../../components/backend/startup.js";
import type { BackendName } from "../../components/backend/preference.js";

const realGpu = { available: true, adapter: "test gpu", software: false };
const softwareGpu = { available: true, adapter: "Google SwiftShader", software: true };
const none = { available: false, adapter: "", software: false };
const wasm = { available: false, threads: false };

after(async () => {
  await tf.setBackend("cpu");
});

/** Starts with a `load` that records what it was asked for and registers a stand-in backend. */
async function start(options: Omit<StartOptions, "load" | "build" | "quick" | "once">, fail = false) {
  const loaded: BackendName[] = [];
  const status = await startBackend({
    ...options,
    once: null,
    build: "test",
    quick: true,
    load: async (name) => {
      loaded.push(name);
      if (fail && name !== "cpu") throw new Error("chunk missing");
      if (name === "webgpu" && !tf.findBackendFactory("webgpu")) tf.registerBackend("webgpu", () => new tf.MathBackendCPU());
    }
  });
  return { status, loaded };
}

describe("start-up loads GPU backends only when needed", () => {
  it("loads no GPU chunk on a machine without a GPU, or with only a software one", async () => {
    for (const webgpu of [none, softwareGpu]) {
      // Without WASM here (Node's tfjs has no WASM backend registered) the pick is the CPU chunk.
      const { status, loaded } = await start({ info: { webgpu, webgl: none, wasm }, preference: null, pathname: "/book/ch1-background.html" });
      assert.deepEqual(loaded, ["cpu"]);
      assert.equal(status.actual, "cpu");
    }
  });

  it("WASM needs no chunk (it is in the main bundle): only the CPU fallback's is loaded", async () => {
    const { loaded } = await start({ info: { webgpu: softwareGpu, webgl: softwareGpu, wasm: { available: true, threads: false } }, preference: null, pathname: "/book/ch1-background.html" });
    // Node's tfjs has no WASM backend registered, so it falls back to the CPU chunk.
    assert.deepEqual(loaded, ["cpu"]);
  });

  it("loads the WebGPU chunk before starting WebGPU when it is picked", async () => {
    const { status, loaded } = await start({ info: { webgpu: realGpu, webgl: none, wasm }, preference: null, pathname: "/book/ch1-background.html" });
    assert.deepEqual(loaded, ["webgpu"]);
    assert.equal(status.actual, "webgpu");
    tf.removeBackend("webgpu");
  });

  it("the reader's pick of a software GPU loads its chunk", async () => {
    const { status, loaded } = await start({ info: { webgpu: softwareGpu, webgl: none, wasm }, preference: "webgpu", pathname: "/book/ch1-background.html" });
    assert.deepEqual(loaded, ["webgpu"]);
    assert.equal(status.actual, "webgpu");
    tf.removeBackend("webgpu");
  });

  it("a chunk that does not load falls back and says why", async () => {
    const { status, loaded } = await start({ info: { webgpu: realGpu, webgl: none, wasm }, preference: null, pathname: "/book/ch1-background.html" }, true);
    assert.deepEqual(loaded, ["webgpu", "cpu"]);
    assert.equal(status.actual, "cpu");
    assert.match(status.fallback ?? "", /WebGPU 没能启动（没能载入（chunk missing））/);
  });
});
