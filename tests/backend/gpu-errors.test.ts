// The WebGPU error log and guard, with a stand-in device (Node has no WebGPU).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gpuErrors, gpuGuard, GpuRunError, watchGpuDevice, withErrorScopes } from "../../components/backend/gpu-errors.js";
import { FakeDevice } from "./fake-gpu-device.js";

const scope = () => ({}) as typeof globalThis;

describe("WebGPU errors", () => {
  it("logs uncaptured errors of the watched device, once per device", () => {
    const page = scope();
    const device = new FakeDevice();
    watchGpuDevice(device as never, page);
    watchGpuDevice(device as never, page);
    device.raise("Invalid ShaderModule");
    assert.deepEqual(gpuErrors(page), ["Invalid ShaderModule"]);
  });

  it("logs a lost device, but not one tfjs destroyed on purpose", async () => {
    const page = scope();
    const device = new FakeDevice();
    watchGpuDevice(device as never, page);
    device.loseDevice({ reason: "unknown", message: "GPU process crashed" });
    await device.lost;
    await Promise.resolve();
    assert.deepEqual(gpuErrors(page), ["WebGPU 设备丢失：GPU process crashed"]);
    const other = scope();
    const destroyed = new FakeDevice();
    watchGpuDevice(destroyed as never, other);
    destroyed.loseDevice({ reason: "destroyed", message: "" });
    await destroyed.lost;
    await Promise.resolve();
    assert.deepEqual(gpuErrors(other), []);
  });

  it("guards only while tfjs runs on WebGPU", () => {
    const page = scope();
    assert.equal(gpuGuard("webgpu", page), null, "no device registered");
    watchGpuDevice(new FakeDevice() as never, page);
    assert.equal(gpuGuard("wasm", page), null);
    assert.ok(gpuGuard("webgpu", page));
  });

  it("pops every scope it pushed, logs what they caught and throws in Chinese", async () => {
    const page = scope();
    const device = new FakeDevice();
    watchGpuDevice(device as never, page);
    const guard = gpuGuard("webgpu", page)!;
    assert.equal(await guard.scoped(async () => 7), 7);
    device.scopeErrors = ["Error while parsing WGSL: type mismatch"];
    await assert.rejects(guard.scoped(async () => 8), (error: unknown) => {
      assert.ok(error instanceof GpuRunError);
      assert.match(error.message, /WebGPU 出错，训练已停止.*type mismatch.*改用 WASM/);
      return true;
    });
    assert.equal(device.scopes, 0, "no scope left open");
    assert.equal(device.maxScopes, 3, "validation, out-of-memory and internal");
    assert.throws(() => guard.check(), GpuRunError, "the error stays logged for the page");
  });

  it("pops the scopes when the work throws, and rethrows its error", async () => {
    const device = new FakeDevice();
    const outcome = await withErrorScopes(device as never, async () => {
      throw new Error("boom");
    });
    assert.equal((outcome.thrown?.error as Error).message, "boom");
    assert.equal(device.scopes, 0);
  });
});
