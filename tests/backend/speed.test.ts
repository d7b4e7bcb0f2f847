// Choosing by measurement: the speed record (kept per model, device and build), the choice it
// implies, and what the reader is told.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseBackend } from "../../components/backend/choose.js";
import { fastestBackend, formatSpeeds, pageModel, probeCandidates, readSpeedRecord, recordBackendFailure, slowerOverride, speedKey, writeSpeedRecord, type SpeedRecord } from "../../components/backend/speed.js";

const gpu = { available: true, adapter: "nvidia hopper", software: false };
const swiftshader = { available: true, adapter: "google swiftshader", software: true };
const none = { available: false, adapter: "", software: false };
const wasm = { available: true, threads: false };

function memoryStorage() {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

/** The figures measured on an H200 for 3.5's Transformer (issue 27): WASM is faster. */
const transformerOnH200: SpeedRecord = { model: "transformer", samplesPerSecond: { webgpu: 385, wasm: 2354 }, failed: {}, probeMs: 1200 };

describe("choosing by measured speed", () => {
  it("trains on WASM when WASM measured faster than a real GPU, and shows both figures", () => {
    const choice = chooseBackend({ webgpu: gpu, webgl: gpu, wasm }, null, transformerOnH200);
    assert.equal(choice.backend, "wasm");
    assert.equal(choice.measured, true);
    assert.match(choice.reason, /WebGPU 385\/s · WASM 2,354\/s/);
    assert.equal(formatSpeeds(transformerOnH200, choice.backend), "WebGPU 385/s · WASM 2,354/s → WASM");
  });

  it("follows the figures the other way too", () => {
    const cnn: SpeedRecord = { model: "cnn", samplesPerSecond: { webgpu: 1862, wasm: 627 }, failed: {}, probeMs: 900 };
    assert.equal(chooseBackend({ webgpu: gpu, webgl: none, wasm }, null, cnn).backend, "webgpu");
  });

  it("leaves out a backend that failed on the model, even without figures", () => {
    const failedOnly: SpeedRecord = { model: "lstm", samplesPerSecond: {}, failed: { webgpu: "WGSL type mismatch" }, probeMs: 0 };
    const choice = chooseBackend({ webgpu: gpu, webgl: none, wasm }, null, failedOnly);
    assert.equal(choice.backend, "wasm");
    assert.match(choice.reason, /WebGPU 在本页的模型上出过错（WGSL type mismatch）/);
    const timed: SpeedRecord = { model: "lstm", samplesPerSecond: { webgpu: 5000, wasm: 1500 }, failed: { webgpu: "x" }, probeMs: 0 };
    assert.equal(fastestBackend(timed), "wasm");
    assert.equal(formatSpeeds(timed, "wasm"), "WebGPU 出错 · WASM 1,500/s → WASM");
  });

  it("keeps the reader's override and says when it is slower", () => {
    const choice = chooseBackend({ webgpu: gpu, webgl: gpu, wasm }, "webgpu", transformerOnH200);
    assert.equal(choice.backend, "webgpu");
    assert.equal(choice.chosenByReader, true);
    assert.match(choice.reason, /实测 WebGPU 比 WASM 慢（385 对 2,354 样本\/秒）/);
    assert.equal(slowerOverride(transformerOnH200, "wasm"), null);
    assert.equal(slowerOverride(undefined, "webgpu"), null);
  });

  it("without figures keeps the rule: a real GPU, else WASM", () => {
    assert.equal(chooseBackend({ webgpu: gpu, webgl: gpu, wasm }, null).backend, "webgpu");
    assert.equal(chooseBackend({ webgpu: swiftshader, webgl: swiftshader, wasm }, null).backend, "wasm");
  });
});

describe("what is probed and where figures are kept", () => {
  it("probes real GPUs and WASM, never a software GPU", () => {
    assert.deepEqual(probeCandidates({ webgpu: gpu, webgl: gpu, wasm }), ["webgpu", "webgl", "wasm"]);
    assert.deepEqual(probeCandidates({ webgpu: swiftshader, webgl: swiftshader, wasm }), ["wasm"]);
    assert.deepEqual(probeCandidates({ webgpu: none, webgl: none, wasm: { available: false, threads: false } }), ["cpu"]);
  });

  it("knows each training page's model", () => {
    assert.equal(pageModel("/book/ch3-3-rnn.html"), "lstm");
    assert.equal(pageModel("/ch3-2-cnn"), "cnn");
    assert.equal(pageModel("/book/ch3-5-transformer.html"), "transformer");
    assert.equal(pageModel("/book/index.html"), null);
  });

  it("keys records by build, model and device", () => {
    const info = { webgpu: gpu, webgl: swiftshader, wasm };
    const key = speedKey("abc123", info, "lstm");
    assert.match(key, /^dlbook:speed:abc123:lstm:/);
    assert.notEqual(key, speedKey("def456", info, "lstm"));
    assert.notEqual(key, speedKey("abc123", { ...info, webgpu: none }, "lstm"));
    assert.notEqual(key, speedKey("abc123", info, "cnn"));
  });

  it("round-trips a record, ignores junk, and records a failure", () => {
    const storage = memoryStorage();
    writeSpeedRecord("k", transformerOnH200, storage);
    assert.deepEqual(readSpeedRecord("k", storage), transformerOnH200);
    storage.map.set("bad", "{not json");
    assert.equal(readSpeedRecord("bad", storage), null);
    storage.map.set("odd", JSON.stringify({ model: "cnn", samplesPerSecond: { webgpu: -3, quantum: 9, wasm: 10 }, failed: { webgl: 5 } }));
    assert.deepEqual(readSpeedRecord("odd", storage), { model: "cnn", samplesPerSecond: { wasm: 10 }, failed: {}, probeMs: 0 });
    const record = recordBackendFailure("k", "transformer", "webgpu", "Invalid ShaderModule", storage);
    assert.equal(record.failed.webgpu, "Invalid ShaderModule");
    assert.equal(readSpeedRecord("k", storage)!.samplesPerSecond.wasm, 2354, "figures are kept");
    assert.equal(recordBackendFailure("new", "lstm", "webgpu", "x", storage).model, "lstm");
    writeSpeedRecord("q", { ...transformerOnH200, quick: true }, storage);
    assert.equal(readSpeedRecord("q", storage)!.quick, true, "quick-probe figures say so");
  });
});
