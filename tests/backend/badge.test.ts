import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseBackend } from "../../components/backend/choose.js";
import { scaled, trainingBudget } from "../../components/backend/budget.js";
import { readBackendPreference, writeBackendPreference } from "../../components/backend/preference.js";

const gpu = { available: true, adapter: "NVIDIA", software: false };
const swiftshader = { available: true, adapter: "google swiftshader", software: true };
const none = { available: false, adapter: "", software: false };
const wasm = { available: true, threads: false };
const noWasm = { available: false, threads: false };

describe("chooseBackend", () => {
  it("honours the reader's choice when this browser has it", () => {
    assert.equal(chooseBackend({ webgpu: gpu, webgl: gpu, wasm }, "webgl").backend, "webgl");
    assert.equal(chooseBackend({ webgpu: gpu, webgl: gpu, wasm }, "cpu").backend, "cpu");
    assert.equal(chooseBackend({ webgpu: swiftshader, webgl: swiftshader, wasm }, "webgpu").backend, "webgpu");
    assert.equal(chooseBackend({ webgpu: gpu, webgl: gpu, wasm }, "wasm").chosenByReader, true);
  });
  it("keeps a real GPU: WebGPU, then WebGL", () => {
    assert.equal(chooseBackend({ webgpu: gpu, webgl: gpu, wasm }, null).backend, "webgpu");
    assert.equal(chooseBackend({ webgpu: swiftshader, webgl: gpu, wasm }, null).backend, "webgl");
    assert.equal(chooseBackend({ webgpu: none, webgl: gpu, wasm }, "webgpu").backend, "webgl");
  });
  it("trains on WASM when the only adapters are software ones, and says why", () => {
    const choice = chooseBackend({ webgpu: swiftshader, webgl: swiftshader, wasm }, null);
    assert.equal(choice.backend, "wasm");
    assert.match(choice.reason, /swiftshader/);
    assert.equal(chooseBackend({ webgpu: none, webgl: none, wasm }, null).backend, "wasm");
  });
  it("falls back to the CPU backend without WebAssembly", () => {
    assert.equal(chooseBackend({ webgpu: none, webgl: swiftshader, wasm: noWasm }, null).backend, "cpu");
    assert.equal(chooseBackend({ webgpu: none, webgl: none, wasm: noWasm }, "wasm").backend, "cpu");
  });
});

describe("backend preference", () => {
  it("round-trips a valid choice and ignores junk", () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    assert.equal(readBackendPreference(storage), null);
    writeBackendPreference("webgl", storage);
    assert.equal(readBackendPreference(storage), "webgl");
    writeBackendPreference("wasm", storage);
    assert.equal(readBackendPreference(storage), "wasm");
    map.set("dlbook:backend", "quantum");
    assert.equal(readBackendPreference(storage), null);
    writeBackendPreference(null, storage);
    assert.equal(map.size, 0);
  });
});

describe("trainingBudget", () => {
  it("is smaller on software adapters and the CPU", () => {
    assert.equal(trainingBudget("webgpu", false).scale, 1);
    assert.ok(trainingBudget("webgpu", true).scale < 1);
    assert.ok(trainingBudget("cpu", false).scale < 1);
    assert.equal(trainingBudget("wasm", false).scale, 1);
    assert.equal(scaled(20, trainingBudget("webgl", true), 5), 5);
    assert.equal(scaled(20, trainingBudget("webgl", false), 5), 20);
  });
});
