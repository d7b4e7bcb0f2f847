// One kernel per LSTM time step for the cpu and wasm backends, forward and backward, so that
// components/nn/fast-lstm.ts runs a step as one matrix product (the backend's own) plus one
// of these instead of ~10 small elementwise kernels (sigmoid ×3, tanh ×2, mul ×4, add,
// select ×2, split): for a model this small the fixed cost per kernel, not the arithmetic,
// sets the speed (issues 24 and 27). The arithmetic is in fused-lstm-math.ts; here only how
// each backend hands over its arrays:
//   wasm — arrays are tensors on the heap, read and written in place through heap views
//          (taken afresh after every allocation, which can grow the heap and detach older
//          views); sigmoid and tanh are the backend's own Sigmoid and Tanh kernel functions,
//          called directly (no engine, no tape), on scratch tensors freed at the end;
//   cpu  — readSync gives the stored array itself, makeTensorInfo stores the results;
//          sigmoid and tanh are tfjs-backend-cpu's formulas.
// Other backends (webgpu, webgl) have no such kernel: FastLstm asks whether these are
// registered and runs its unfused ops where they are not.
//
// Imports tfjs-core directly, as wasm-kernels.ts does: it is bundled into @book/tf.
import { getKernel, registerKernel, unregisterKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import { cellStep, planCellGrad, type Arrays, type Plan } from "./fused-lstm-math.js";
import { LSTM_CELL, LSTM_CELL_GRAD } from "./fused-lstm-names.js";

export { LSTM_CELL, LSTM_CELL_GRAD };
const BACKENDS = ["cpu", "wasm"] as const;

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}
interface CpuBackendLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): TensorInfo;
}
type Args<B> = { inputs: Record<string, TensorInfo>; backend: B; attrs: NamedAttrMap };

function checkFloat(inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) if (t.dtype !== "float32") throw new Error(`${LSTM_CELL}: ${name} must be float32, got ${t.dtype}`);
}

const shapesOf = (inputs: Record<string, TensorInfo>) => Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, t.shape]));

function wasmArrays(backend: WasmBackendLike): Arrays<TensorInfo> {
  const elementwise = (name: string) => {
    const kernel = getKernel(name, "wasm");
    if (!kernel) throw new Error(`wasm backend has no ${name} kernel`);
    return (x: TensorInfo) => kernel.kernelFunc({ inputs: { x }, backend: backend as never, attrs: {} }) as TensorInfo;
  };
  return {
    alloc: (shape) => backend.makeOutput(shape, "float32"),
    view: (t) => backend.typedArrayFromHeap(t) as Float32Array,
    sigmoid: elementwise("Sigmoid"),
    tanh: elementwise("Tanh")
  };
}

type CpuArray = { shape: number[]; values: Float32Array };
const cpuElementwise = (f: (x: number) => number) => (x: CpuArray) => ({ shape: x.shape, values: x.values.map(f) });
// tfjs-backend-cpu's Sigmoid and Tanh (unaryKernelFunc stores each result as float32).
const cpuArrays: Arrays<CpuArray> = {
  alloc: (shape) => ({ shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) }),
  view: (x) => x.values,
  sigmoid: cpuElementwise((x) => 1 / (1 + Math.exp(-x))),
  tanh: cpuElementwise((x) => Math.tanh(x))
};

const stepWasm = (({ inputs, backend, attrs }: Args<WasmBackendLike>) => {
  checkFloat(inputs);
  const { outputs, scratch } = cellStep(wasmArrays(backend), inputs, shapesOf(inputs), attrs);
  for (const t of scratch) backend.disposeData(t.dataId);
  return outputs;
}) as unknown as KernelFunc;

const stepCpu = (({ inputs, backend, attrs }: Args<CpuBackendLike>) => {
  checkFloat(inputs);
  const arrays = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, { shape: t.shape, values: backend.readSync(t.dataId) as Float32Array }]));
  const { outputs } = cellStep(cpuArrays, arrays, shapesOf(inputs), attrs);
  return outputs.map((o) => backend.makeTensorInfo(o.shape, "float32", o.values));
}) as unknown as KernelFunc;

/** A kernel without elementwise functions: outputs allocated first, then every array in place. */
function planKernel(plan: (inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => Plan, backendName: string): KernelFunc {
  if (backendName === "wasm") {
    return (({ inputs, backend, attrs }: Args<WasmBackendLike>) => {
      checkFloat(inputs);
      const p = plan(inputs, attrs);
      const outs = p.shapes.map((shape) => backend.makeOutput(shape, "float32"));
      const views = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, backend.typedArrayFromHeap(t) as Float32Array]));
      p.fill(
        views,
        outs.map((o) => backend.typedArrayFromHeap(o) as Float32Array)
      );
      return outs;
    }) as unknown as KernelFunc;
  }
  return (({ inputs, backend, attrs }: Args<CpuBackendLike>) => {
    checkFloat(inputs);
    const p = plan(inputs, attrs);
    const views = Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, backend.readSync(t.dataId) as Float32Array]));
    const outs = p.shapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
    p.fill(views, outs);
    return outs.map((values, k) => backend.makeTensorInfo(p.shapes[k], "float32", values));
  }) as unknown as KernelFunc;
}

function kernelsFor(backendName: string): [string, KernelFunc][] {
  return [
    [LSTM_CELL, backendName === "wasm" ? stepWasm : stepCpu],
    [LSTM_CELL_GRAD, planKernel(planCellGrad, backendName)]
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
