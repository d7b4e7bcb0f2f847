// The WGSL kernel tests' common setup: tfjs's real WebGPU backend in Node over Dawn (npm
// package `webgpu`, started as the Node WebGPU lane does), the device's uncaptured errors
// collected, none allowed by the end, and cpu again afterwards. Without a Vulkan adapter
// (CI) `skipReason()` says why and every test skips. Here:
//   LD_LIBRARY_PATH=/tmp/devbench/mesa/root/usr/lib/x86_64-linux-gnu \
//   VK_DRIVER_FILES=/tmp/devbench/mesa/lvp_icd.json npm run test:unit -- webgpu
import assert from "node:assert/strict";
import { after, before } from "node:test";
import * as tf from "@book/tf";
import { installDawn } from "../../bench/node-webgpu.js";

async function startWebGPU(): Promise<string | null> {
  await installDawn(); // throws where there is no Vulkan adapter
  await import("@tensorflow/tfjs-backend-webgpu"); // registers itself only where navigator.gpu exists
  return (await tf.setBackend("webgpu")) ? null : "tfjs could not start its webgpu backend";
}

/** Installs the suite's before/after hooks; `register` adds the kernels under test first. */
export function useWebGPU(register: () => void): { skipReason(): string | null } {
  let skip: string | null = null;
  const errors: string[] = [];
  before(async () => {
    register();
    skip = await startWebGPU().catch((e: Error) => `no WebGPU in Node (set VK_DRIVER_FILES to Mesa 25's lvp_icd.json, see tests/backend/webgpu-node.ts): ${e.message.split("\n")[0]}`);
    if (skip) return;
    const device = (tf.backend() as unknown as { device: EventTarget }).device;
    device.addEventListener("uncapturederror", (event) => errors.push(String((event as unknown as { error: { message: string } }).error.message)));
  });
  after(async () => {
    if (!skip) assert.deepEqual(errors, [], "no WebGPU error");
    await tf.setBackend("cpu");
  });
  return { skipReason: () => skip };
}
