import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectWebGPU, isSoftwareRenderer } from "../../components/backend/detect.js";

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
