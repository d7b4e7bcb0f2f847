// What one training step costs the backend, in counts that do not depend on the hardware:
// kernels (tf.profile: every op the engine runs, forward, gradient and optimizer), and on
// WebGPU the compute dispatches and the uploads of data from JavaScript to GPU buffers.
// On a GPU each dispatch and each upload has a fixed cost, so for the book's small models
// these counts, not the arithmetic, set the speed (issue 27).
import * as tf from "@book/tf";

export interface StepCounts {
  /** Training steps the counts were taken over (after the timed run: shaders compiled). */
  steps: number;
  kernelsPerStep: number;
  /** WebGPU only: compute passes dispatched on the GPU (kernels that are not a view or run on the CPU). */
  dispatchesPerStep: number | null;
  /** WebGPU only: tensors whose values went from JavaScript into a GPU buffer. */
  uploadsPerStep: number | null;
  /** WebGPU only: every backend.write call (uploads, plus an allocation for each kernel's
   * output); the figure issue 27 first quoted as "uploads". */
  writesPerStep: number | null;
  /** The most frequent kernels, per step, most frequent first. */
  topKernels: { name: string; perStep: number }[];
}

/** The parts of tfjs-webgpu's WebGPUBackend that are counted (not in its public types). */
interface WebGpuInternals {
  tensorMap: { get(dataId: object): { values: unknown; resource: unknown } | undefined };
  uploadToGPU(dataId: object): void;
  runWebGPUProgram(...args: unknown[]): unknown;
  write(...args: unknown[]): object;
}

/** Counts what `run` (which trains `steps` steps) makes the current backend do. */
export async function countSteps(run: () => Promise<unknown>, steps: number): Promise<StepCounts> {
  const backend = tf.backend() as unknown as Partial<WebGpuInternals>;
  const webgpu = tf.getBackend() === "webgpu" && typeof backend.uploadToGPU === "function" && typeof backend.runWebGPUProgram === "function" && typeof backend.write === "function";
  let uploads = 0;
  let dispatches = 0;
  let writes = 0;
  const restore: (() => void)[] = [];
  if (webgpu) {
    const gpu = backend as WebGpuInternals;
    const { uploadToGPU, runWebGPUProgram, write } = gpu;
    // Own properties shadow the prototype's methods while counting; deleting them restores it.
    gpu.uploadToGPU = function (dataId: object) {
      const data = gpu.tensorMap.get(dataId);
      if (data && data.resource == null && data.values != null) uploads++;
      return uploadToGPU.call(this, dataId);
    };
    gpu.runWebGPUProgram = function (...args: unknown[]) {
      dispatches++;
      return runWebGPUProgram.apply(this, args);
    };
    gpu.write = function (...args: unknown[]) {
      writes++;
      return write.apply(this, args);
    };
    restore.push(() => {
      delete (gpu as Partial<WebGpuInternals>).write;
      delete (gpu as Partial<WebGpuInternals>).uploadToGPU;
      delete (gpu as Partial<WebGpuInternals>).runWebGPUProgram;
    });
  }
  try {
    const profile = await tf.profile(async () => void (await run()));
    const byName = new Map<string, number>();
    for (const kernel of profile.kernels) byName.set(kernel.name, (byName.get(kernel.name) ?? 0) + 1);
    const perStep = (count: number) => Math.round((count / steps) * 10) / 10;
    return {
      steps,
      kernelsPerStep: perStep(profile.kernels.length),
      dispatchesPerStep: webgpu ? perStep(dispatches) : null,
      uploadsPerStep: webgpu ? perStep(uploads) : null,
      writesPerStep: webgpu ? perStep(writes) : null,
      topKernels: [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, count]) => ({ name, perStep: perStep(count) }))
    };
  } finally {
    restore.forEach((undo) => undo());
  }
}
