// A tfjs kernel written once in plain JavaScript over typed arrays and registered for both
// CPU backends (cpu, wasm). For the book's small models a step's time goes to per-kernel
// overhead, not arithmetic (see fused-transformer.ts), so one loop that does the work of a
// dozen tiny kernels is the faster path on both.
//   cpu:  inputs read with the backend's readSync, outputs handed over with makeTensorInfo;
//   wasm: outputs allocated on the wasm heap first (allocating can grow the heap and detach
//         earlier views), then every input and output viewed in place: no copies.
// Imports tfjs-core directly, like wasm-kernels.ts: it is bundled into @book/tf.
import { getKernel, registerKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import type { CpuBackendLike, HeapArray as Values, WasmBackendLike } from "./backend-like.js";

export type { Values };

export interface OutputSpec {
  shape: number[];
  dtype?: "float32" | "int32";
}

export interface JsKernel {
  name: string;
  /** Input names in order; a name ending in "?" may be left out. */
  inputs: string[];
  /** The outputs' shapes, from the inputs' shapes (before anything is computed). */
  outputs(shapes: Record<string, number[]>, attrs: NamedAttrMap): OutputSpec[];
  /** Fills `out` (zeroed) from `x`; absent optional inputs are undefined. */
  compute(x: Record<string, Values | undefined>, out: Values[], shapes: Record<string, number[]>, attrs: NamedAttrMap): void;
}

const sizeOf = (shape: number[]) => shape.reduce((a, n) => a * n, 1);
const bare = (name: string) => name.replace(/\?$/, "");

/** The given inputs by name, their shapes and the output specs of one call. */
function prepare(kernel: JsKernel, inputs: object, attrs: NamedAttrMap) {
  const given = inputs as Record<string, TensorInfo | undefined>;
  const shapes: Record<string, number[]> = {};
  for (const name of kernel.inputs) {
    const t = given[bare(name)];
    if (t) shapes[bare(name)] = t.shape;
    else if (!name.endsWith("?")) throw new Error(`${kernel.name}: input ${name} is missing`);
  }
  return { given, shapes, specs: kernel.outputs(shapes, attrs) };
}

function cpuKernel(kernel: JsKernel): KernelFunc {
  return ({ inputs, backend: b, attrs = {} }) => {
    const backend = b as unknown as CpuBackendLike;
    const { given, shapes, specs } = prepare(kernel, inputs, attrs);
    const out = specs.map((s) => (s.dtype === "int32" ? new Int32Array(sizeOf(s.shape)) : new Float32Array(sizeOf(s.shape))));
    const x: Record<string, Values | undefined> = {};
    // The CPU backend stores numeric tensors as typed arrays: readSync returns that array.
    for (const name of Object.keys(shapes)) x[name] = backend.readSync(given[name]!.dataId) as Values;
    kernel.compute(x, out, shapes, attrs);
    return specs.map((s, i) => backend.makeTensorInfo(s.shape, s.dtype ?? "float32", out[i]));
  };
}

function wasmKernel(kernel: JsKernel): KernelFunc {
  return ({ inputs, backend: b, attrs = {} }) => {
    const backend = b as unknown as WasmBackendLike;
    const { given, shapes, specs } = prepare(kernel, inputs, attrs);
    const infos = specs.map((s) => backend.makeOutput(s.shape, s.dtype ?? "float32"));
    const out = infos.map((info) => backend.typedArrayFromHeap(info));
    for (const o of out) o.fill(0);
    const x: Record<string, Values | undefined> = {};
    for (const name of Object.keys(shapes)) x[name] = backend.typedArrayFromHeap(given[name]!);
    kernel.compute(x, out, shapes, attrs);
    return infos;
  };
}

/** Registers each kernel for cpu and wasm (where not yet registered); returns the names added. */
export function registerJsKernels(kernels: JsKernel[]): string[] {
  const added: string[] = [];
  for (const kernel of kernels)
    for (const [backendName, make] of [["cpu", cpuKernel], ["wasm", wasmKernel]] as const) {
      if (getKernel(kernel.name, backendName)) continue;
      registerKernel({ kernelName: kernel.name, backendName, kernelFunc: make(kernel) });
      added.push(`${kernel.name}/${backendName}`);
    }
  return added;
}
