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
// Other backends (webgpu, webgl) have no such kernel: FastLstm asks whether these are
// registered and runs its unfused ops where they are not.
//
// Imports tfjs-core directly, as wasm-kernels.ts does: it is bundled into @book/tf.
import { getKernel, registerKernel, unregisterKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import { cellGrad, cellStep, type Arrays, type StepResult } from "./fused-lstm-math.js";
import { LSTM_CELL, LSTM_CELL_GRAD } from "../nn/fused-lstm-names.js";
import type { CpuBackendLike, WasmBackendLike } from "./backend-like.js";

export { LSTM_CELL, LSTM_CELL_GRAD };
const BACKENDS = ["cpu", "wasm"] as const;

type Args<B> = { inputs: Record<string, TensorInfo>; backend: B; attrs: NamedAttrMap };

function checkFloat(inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) if (t.dtype !== "float32") throw new Error(`${LSTM_CELL}: ${name} must be float32, got ${t.dtype}`);
}

const shapesOf = (inputs: Record<string, TensorInfo>) => Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, t.shape]));

/** The backend's own kernel `name`, called directly (no engine: no tape, no profile entry). */
function backendKernel(name: string, backendName: string, backend: unknown) {
  const kernel = getKernel(name, backendName);
  if (!kernel) throw new Error(`${backendName} backend has no ${name} kernel`);
  return (inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}) => kernel.kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
}
const PLAIN_PRODUCT = { transposeA: false, transposeB: false };

function wasmArrays(backend: WasmBackendLike): Arrays<TensorInfo> {
  const [sigmoid, tanh, matMul] = ["Sigmoid", "Tanh", "BatchMatMul"].map((name) => backendKernel(name, "wasm", backend));
  return {
    alloc: (shape) => backend.makeOutput(shape, "float32"),
    view: (t) => backend.typedArrayFromHeap(t) as Float32Array,
    sigmoid: (x) => sigmoid({ x }),
    tanh: (x) => tanh({ x }),
    matMul: (a, b) => matMul({ a, b }, PLAIN_PRODUCT)
  };
}

/** A cpu array; `info` for the kernel's inputs (the matrix product takes tensors). */
type CpuArray = { shape: number[]; values: Float32Array; info?: TensorInfo };
const cpuElementwise = (f: (x: number) => number) => (x: CpuArray) => ({ shape: x.shape, values: x.values.map(f) });

function cpuArrays(backend: CpuBackendLike): Arrays<CpuArray> {
  const matMul = backendKernel("BatchMatMul", "cpu", backend);
  return {
    alloc: (shape) => ({ shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) }),
    view: (x) => x.values,
    // tfjs-backend-cpu's Sigmoid and Tanh (unaryKernelFunc stores each result as float32).
    sigmoid: cpuElementwise((x) => 1 / (1 + Math.exp(-x))),
    tanh: cpuElementwise((x) => Math.tanh(x)),
    matMul: (a, b) => {
      const info = matMul({ a: a.info!, b: b.info! }, PLAIN_PRODUCT);
      return { shape: info.shape, values: backend.readSync(info.dataId) as Float32Array, info };
    }
  };
}

type Step<H> = (arrays: Arrays<H>, inputs: Record<string, H>, shapes: Record<string, number[]>, attrs: NamedAttrMap) => StepResult<H>;

function wasmKernel(step: Step<TensorInfo>): KernelFunc {
  return (({ inputs, backend, attrs }: Args<WasmBackendLike>) => {
    checkFloat(inputs);
    const { outputs, scratch } = step(wasmArrays(backend), inputs, shapesOf(inputs), attrs);
    for (const t of scratch) backend.disposeData(t.dataId);
    return outputs;
  }) as unknown as KernelFunc;
}

function cpuKernel(step: Step<CpuArray>): KernelFunc {
  return (({ inputs, backend, attrs }: Args<CpuBackendLike>) => {
    checkFloat(inputs);
    const arrays = Object.fromEntries(Object.entries(inputs).map(([name, info]) => [name, { shape: info.shape, values: backend.readSync(info.dataId) as Float32Array, info }]));
    const { outputs, scratch } = step(cpuArrays(backend), arrays, shapesOf(inputs), attrs);
    for (const s of scratch) if (s.info) backend.disposeData(s.info.dataId);
    return outputs.map((o) => backend.makeTensorInfo(o.shape, "float32", o.values));
  }) as unknown as KernelFunc;
}

function kernelsFor(backendName: string): [string, KernelFunc][] {
  return [
    [LSTM_CELL, backendName === "wasm" ? wasmKernel(cellStep) : cpuKernel(cellStep)],
    [LSTM_CELL_GRAD, backendName === "wasm" ? wasmKernel(cellGrad) : cpuKernel(cellGrad)]
  ];
}

/** Registers both kernels for cpu and wasm (again after unregisterFusedLstm). */
export function registerFusedLstm(): void {
  for (const backendName of BACKENDS) {
    for (const [kernelName, kernelFunc] of kernelsFor(backendName)) if (!getKernel(kernelName, backendName)) registerKernel({ kernelName, backendName, kernelFunc });
  }
}

/** Removes them again: FastLstm then runs its unfused ops (for comparisons in tests and scripts). */
export function unregisterFusedLstm(): void {
  for (const backendName of BACKENDS) for (const kernelName of [LSTM_CELL, LSTM_CELL_GRAD]) if (getKernel(kernelName, backendName)) unregisterKernel(kernelName, backendName);
}

/** Whether `backendName` has both kernels. */
export function fusedLstmAvailable(backendName: string): boolean {
  return !!getKernel(LSTM_CELL, backendName) && !!getKernel(LSTM_CELL_GRAD, backendName);
}
