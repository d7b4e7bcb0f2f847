// One kernel per LSTM time step for the cpu and wasm backends, forward and backward, so that
// components/nn/fast-lstm.ts runs a step as one kernel instead of ~13 (matMul, add, split,
// sigmoid ×3, tanh ×2, mul ×4, select ×2) forward and ~9 backward: for a model this small
// the fixed cost per kernel, not the arithmetic, sets the speed (issues 24 and 27). The arithmetic is in fused-lstm-math.ts; here only how
// each backend hands over its arrays:
//   wasm — arrays are tensors on the heap, read and written in place through heap views
//          (taken afresh after every allocation, which can grow the heap and detach older
//          views); sigmoid, tanh and the step's matrix product (h·U forward, δz·Uᵀ backward)
//          are the backend's own Sigmoid, Tanh and BatchMatMul kernel functions, called
//          directly (no engine, no tape), on scratch tensors freed at the end;
//   cpu  — readSync gives the stored array itself, makeTensorInfo stores the results;
//          sigmoid and tanh are tfjs-backend-cpu's formulas, the product its BatchMatMul.
// webgpu has WGSL versions of the two (fused-lstm-webgpu.ts, registered by the WebGPU chunk),
// webgl none: FastLstm asks whether they are registered and runs its unfused ops where not.
//
// Imports tfjs-core directly, as wasm-kernels.ts does: it is bundled into @book/tf.
import { getKernel, registerKernel, unregisterKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import { cellGrad, cellStep, type Arrays, type StepResult } from "./fused-lstm-math.js";
import { LSTM_CELL, LSTM_CELL_GRAD } from "../nn/fused-lstm-names.js";
import type { CpuBackendLike, WasmBackendLike } from "./backend-like.js";

export { LSTM_CELL, LSTM_CELL_GRAD };
const BACKENDS = ["cpu", "wasm"] as const;

type Args<B> = { inputs: Record<string, TensorInfo>; backend: B; attrs: NamedAttrMap };

/** Every input float32, but a mask (read only as zero or not). */
function checkFloat(kernelName: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) if (t.dtype !== "float32" && name !== "mask") throw new Error(`${kernelName}: ${name} must be float32, got ${t.dtype}`);
}

const shapesOf = (inputs: Record<string, TensorInfo>) => Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, t.shape]));

/** The backend's own kernel `name`, called directly (no engine: no tape, no profile entry). */
function backendKernel(name: string, backendName: string, backend: unknown) {
  const kernel = getKernel(name, backendName);
  if (!kernel) throw new Error(`${backendName} backend has no ${name} kernel`);
  return (inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}) => kernel.kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
}
/** tf.fused.matMul's attributes for a plain product plus bias. */
const LINEAR_PRODUCT = { transposeA: false, transposeB: false, activation: "linear", leakyreluAlpha: 0.2 };

function wasmArrays(backend: WasmBackendLike): Arrays<TensorInfo> {
  const [sigmoid, tanh, matMul, fusedMatMul, sum] = ["Sigmoid", "Tanh", "BatchMatMul", "_FusedMatMul", "Sum"].map((name) => backendKernel(name, "wasm", backend));
  return {
    fusedMatMul: (a, b, bias) => fusedMatMul(bias ? { a, b, bias } : { a, b }, LINEAR_PRODUCT),
    sum: (x, axis) => sum({ x }, { axis, keepDims: false }),
    alloc: (shape) => backend.makeOutput(shape, "float32"),
    view: (t) => backend.typedArrayFromHeap(t) as Float32Array,
    sigmoid: (x) => sigmoid({ x }),
    tanh: (x) => tanh({ x }),
    matMul: (a, b, transposeA = false) => matMul({ a, b }, { transposeA, transposeB: false }),
    reshape: (t, shape) => ({ dataId: t.dataId, shape, dtype: t.dtype }),
    free: (t) => void backend.disposeData(t.dataId)
  };
}

/** A cpu array; `info` once the backend holds it (a kernel's input, or an array the matrix
 * product reads: tfjs-backend-cpu keeps the values array itself, so writes still reach it). */
type CpuArray = { shape: number[]; values: Float32Array; info?: TensorInfo };
const cpuElementwise = (f: (x: number) => number) => (x: CpuArray) => ({ shape: x.shape, values: x.values.map(f) });

function cpuArrays(backend: CpuBackendLike): Arrays<CpuArray> {
  const [matMul, fusedMatMul, sum] = ["BatchMatMul", "_FusedMatMul", "Sum"].map((name) => backendKernel(name, "cpu", backend));
  const held = (x: CpuArray) => (x.info ??= backend.makeTensorInfo(x.shape, "float32", x.values));
  const stored = (info: TensorInfo): CpuArray => ({ shape: info.shape, values: backend.readSync(info.dataId) as Float32Array, info });
  return {
    fusedMatMul: (a, b, bias) => stored(fusedMatMul(bias ? { a: held(a), b: held(b), bias: held(bias) } : { a: held(a), b: held(b) }, LINEAR_PRODUCT)),
    sum: (x, axis) => stored(sum({ x: held(x) }, { axis, keepDims: false })),
    alloc: (shape) => ({ shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) }),
    view: (x) => x.values,
    // tfjs-backend-cpu's Sigmoid and Tanh (unaryKernelFunc stores each result as float32).
    sigmoid: cpuElementwise((x) => 1 / (1 + Math.exp(-x))),
    tanh: cpuElementwise((x) => Math.tanh(x)),
    matMul: (a, b, transposeA = false) => stored(matMul({ a: held(a), b: held(b) }, { transposeA, transposeB: false })),
    reshape: (x, shape) => ({ shape, values: x.values, info: { ...held(x), shape } }),
    free: (x) => void (x.info && backend.disposeData(x.info.dataId))
  };
}

/** What a kernel computes, for any backend's arrays (fused-lstm-math.ts, fused-lstm-seq-math.ts). */
export type LstmKernelMath = <H>(arrays: Arrays<H>, inputs: Record<string, H>, shapes: Record<string, number[]>, attrs: NamedAttrMap) => StepResult<H>;

function wasmKernel(kernelName: string, step: LstmKernelMath): KernelFunc {
  return (({ inputs, backend, attrs }: Args<WasmBackendLike>) => {
    checkFloat(kernelName, inputs);
    const arrays = wasmArrays(backend);
    const { outputs, scratch } = step(arrays, inputs, shapesOf(inputs), attrs);
    for (const t of scratch) arrays.free(t);
    return outputs;
  }) as unknown as KernelFunc;
}

function cpuKernel(kernelName: string, step: LstmKernelMath): KernelFunc {
  return (({ inputs, backend, attrs }: Args<CpuBackendLike>) => {
    checkFloat(kernelName, inputs);
    const given = Object.fromEntries(Object.entries(inputs).map(([name, info]) => [name, { shape: info.shape, values: backend.readSync(info.dataId) as Float32Array, info }]));
    const arrays = cpuArrays(backend);
    const { outputs, scratch } = step(arrays, given, shapesOf(inputs), attrs);
    for (const s of scratch) arrays.free(s);
    return outputs.map((o) => o.info ?? backend.makeTensorInfo(o.shape, "float32", o.values));
  }) as unknown as KernelFunc;
}

/** Registers each kernel for cpu and wasm where it is not yet registered. */
export function registerLstmKernels(kernels: Record<string, LstmKernelMath>): void {
  for (const backendName of BACKENDS) {
    for (const [kernelName, step] of Object.entries(kernels)) {
      const kernelFunc = backendName === "wasm" ? wasmKernel(kernelName, step) : cpuKernel(kernelName, step);
      if (!getKernel(kernelName, backendName)) registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}

export function unregisterLstmKernels(names: string[]): void {
  for (const backendName of BACKENDS) for (const kernelName of names) if (getKernel(kernelName, backendName)) unregisterKernel(kernelName, backendName);
}

/** Registers both step kernels for cpu and wasm (again after unregisterFusedLstm). */
export function registerFusedLstm(): void {
  registerLstmKernels({ [LSTM_CELL]: cellStep, [LSTM_CELL_GRAD]: cellGrad });
}

/** Removes them again: FastLstm then runs its unfused ops (for comparisons in tests and scripts). */
export function unregisterFusedLstm(): void {
  unregisterLstmKernels([LSTM_CELL, LSTM_CELL_GRAD]);
}

/** Whether `backendName` has both kernels. */
export function fusedLstmAvailable(backendName: string): boolean {
  return !!getKernel(LSTM_CELL, backendName) && !!getKernel(LSTM_CELL_GRAD, backendName);
}
