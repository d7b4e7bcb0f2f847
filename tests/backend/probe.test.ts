// The speed probe and the bundle's start-up on the backends Node has (cpu, wasm): real
// timings of each page's model, fake timings for the choice, and the fallback when the pick
// does not start (Node has no WebGL or WebGPU backend, which stands in for a failing GPU).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { PROBE_FULL, PROBE_QUICK, probeSpeeds, timeTraining } from "../../components/backend/probe.js";
import { chooseBackend } from "../../components/backend/choose.js";
import { formatSpeeds, PROBE_MODELS } from "../../components/backend/speed.js";
import { startBackend } from "../../components/backend/startup.js";

before(() => {
  registerWasmTrainingKernels();
  registerCpuTrainingKernels();
});
after(async () => {
  await tf.setBackend("cpu");
});

const realGpu = { available: true, adapter: "test gpu", software: false };
const none = { available: false, adapter: "", software: false };
const wasm = { available: true, threads: false };

describe("speed probe", () => {
  it("times each page's model on WASM with the chapters' batch size, leaving no tensor", async () => {
    assert.ok(await tf.setBackend("wasm"));
    for (const model of PROBE_MODELS) {
      const before = tf.memory().numTensors;
      const started = performance.now();
      const speed = await timeTraining(model, PROBE_FULL);
      const ms = performance.now() - started;
      assert.ok(speed > 0 && Number.isFinite(speed), `${model}: ${speed}`);
      assert.equal(tf.memory().numTensors, before, `${model} leaves no tensor`);
      console.log(`probe ${model} on wasm (Node): ${Math.round(ms)} ms, ${Math.round(speed)} samples/s at batch ${PROBE_FULL.batchSize}`);
    }
  });

  it("with fake timings where WASM is faster, the choice is WASM and both figures are shown", async () => {
    const timings = { cpu: 385, wasm: 2354 } as const;
    const record = await probeSpeeds("transformer", ["cpu", "wasm"], PROBE_QUICK, { time: async (backend) => timings[backend as "cpu" | "wasm"] });
    assert.deepEqual(record.samplesPerSecond, { cpu: 385, wasm: 2354 });
    const choice = chooseBackend({ webgpu: none, webgl: none, wasm }, null, record);
    assert.equal(choice.backend, "wasm");
    assert.equal(formatSpeeds(record, choice.backend), "WASM 2,354/s · CPU 385/s → WASM");
  });

  it("records a backend that does not start, or reports GPU errors, as failed", async () => {
    const record = await probeSpeeds("lstm", ["webgpu", "cpu", "wasm"], PROBE_QUICK, {
      time: async () => 100,
      guard: async (backend, work) => (backend === "cpu" ? { result: await work(), errors: ["Invalid ShaderModule"] } : { result: await work(), errors: [] })
    });
    assert.equal(record.failed.webgpu, "无法启动");
    assert.equal(record.failed.cpu, "Invalid ShaderModule");
    assert.deepEqual(record.samplesPerSecond, { wasm: 100 });
  });
});

describe("start-up", () => {
  it("probes the page's model, skips a GPU that does not start, and says so", async () => {
    const status = await startBackend({ info: { webgpu: none, webgl: realGpu, wasm }, preference: null, once: null, pathname: "/book/ch3-3-rnn.html", build: "test", quick: true });
    assert.equal(status.actual, "wasm");
    assert.equal(status.picked, "wasm", "the only backend that ran");
    assert.equal(status.model, "lstm");
    assert.match(status.speeds!.failed.webgl!, /无法启动/);
    assert.ok(status.speeds!.samplesPerSecond.wasm! > 0);
    assert.match(status.reason, /实测本页模型的训练速度：WebGL 出错 · WASM [\d,]+\/s/);
    assert.equal(tf.getBackend(), "wasm");
  });

  it("falls back to WASM with the reason when the reader's pick does not start", async () => {
    const status = await startBackend({ info: { webgpu: none, webgl: realGpu, wasm }, preference: "webgl", once: null, pathname: "/book/ch1-background.html", build: "test", quick: true });
    assert.equal(status.picked, "webgl");
    assert.equal(status.actual, "wasm");
    assert.match(status.fallback!, /WebGL 没能启动（.*），所以改用 WASM。/);
    assert.equal(status.speeds, undefined, "no probe when the reader chose");
  });

  it("a one-time choice (the rerun after a WebGPU error) wins for one load", async () => {
    const status = await startBackend({ info: { webgpu: realGpu, webgl: none, wasm }, preference: "webgpu", once: { backend: "cpu", reason: "按你的要求" }, pathname: "/book/ch3-5-transformer.html", build: "test", quick: true });
    assert.equal(status.actual, "cpu");
    assert.equal(status.reason, "按你的要求");
    assert.equal(status.fallback, undefined);
  });
});
