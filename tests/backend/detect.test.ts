import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeCompute, detectWebGPU, isSoftwareRenderer } from "../../components/backend/detect.js";

describe("isSoftwareRenderer", () => {
  it("recognises software rasterisers", () => {
    for (const name of ["Google SwiftShader", "llvmpipe (LLVM 15.0.6, 256 bits)", "Microsoft Basic Render Driver"]) assert.ok(isSoftwareRenderer(name), name);
  });
  it("accepts hardware GPUs", () => {
    for (const name of ["NVIDIA GeForce RTX 3060", "Apple M2", "ANGLE (Intel, Intel(R) UHD Graphics 620)"]) assert.ok(!isSoftwareRenderer(name), name);
  });
});

describe("detectWebGPU", () => {
  it("reports no WebGPU when navigator.gpu is missing", async () => {
    assert.deepEqual(await detectWebGPU({} as Navigator), { available: false, adapter: "", software: false });
  });
  it("flags a fallback adapter as software", async () => {
    const nav = { gpu: { requestAdapter: async () => ({ isFallbackAdapter: true, info: { vendor: "google", architecture: "swiftshader" } }) } };
    assert.deepEqual(await detectWebGPU(nav as unknown as Navigator), { available: true, adapter: "google swiftshader", software: true });
  });
});

describe("describeCompute", () => {
  it("prefers WebGPU, then WebGL, then CPU", () => {
    const gpu = { available: true, adapter: "NVIDIA", software: false };
    const none = { available: false, adapter: "", software: false };
    assert.equal(describeCompute({ webgpu: gpu, webgl: gpu }).backend, "webgpu");
    assert.equal(describeCompute({ webgpu: none, webgl: gpu }).backend, "webgl");
    assert.equal(describeCompute({ webgpu: none, webgl: none }).backend, "cpu");
  });
  it("says plainly when the adapter is software", () => {
    const { label, software } = describeCompute({ webgpu: { available: true, adapter: "swiftshader", software: true }, webgl: { available: false, adapter: "", software: false } });
    assert.ok(software);
    assert.match(label, /软件渲染/);
  });
});
