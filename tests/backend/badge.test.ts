import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { effectiveBackend } from "../../components/backend/badge.js";
import { scaled, trainingBudget } from "../../components/backend/budget.js";
import { readBackendPreference, writeBackendPreference } from "../../components/backend/preference.js";

const gpu = { available: true, adapter: "x", software: false };
const none = { available: false, adapter: "", software: false };

describe("effectiveBackend", () => {
  it("honours the reader's choice when this browser has it", () => {
    assert.equal(effectiveBackend({ webgpu: gpu, webgl: gpu }, "webgl"), "webgl");
    assert.equal(effectiveBackend({ webgpu: gpu, webgl: gpu }, "cpu"), "cpu");
  });
  it("falls back to the best available backend", () => {
    assert.equal(effectiveBackend({ webgpu: none, webgl: gpu }, "webgpu"), "webgl");
    assert.equal(effectiveBackend({ webgpu: none, webgl: none }, null), "cpu");
  });
});

describe("backend preference", () => {
  it("round-trips a valid choice and ignores junk", () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    assert.equal(readBackendPreference(storage), null);
    writeBackendPreference("webgl", storage);
    assert.equal(readBackendPreference(storage), "webgl");
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
    assert.equal(scaled(20, trainingBudget("webgl", true), 5), 5);
    assert.equal(scaled(20, trainingBudget("webgl", false), 5), 20);
  });
});
