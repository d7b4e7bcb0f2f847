// One kernel per LSTM time step for the cpu and wasm backends, forward and backward, so that
// components/nn/fast-lstm.ts runs a step as one matrix product (the backend's own) plus one
// of these instead of ~10 small elementwise kernels (sigmoid ×3, tanh ×2, mul ×4, add,
// select ×2, split): for a model this small the fixed cost per kernel, not the arithmetic,
// sets the speed (issues 24 and 27). The arithmetic is in fused-lstm-math.ts; here only how
// each backend hands over its arrays:
//   wasm — outputs allocated first (allocation can grow the heap and detach older views),
//          then every input and output read and written in place through heap views;
//   cpu  — readSync gives the stored array itself, makeTensorInfo stores the results.
// Other backends (webgpu, webgl) have no such kernel: FastLstm asks fusedLstmAvailable() and
// runs its unfused ops there.
//
// Imports tfjs-core directly, as wasm-kernels.ts does: it is bundled into @book/tf.
import { getKernel, registerKernel, unregisterKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import { planCellGrad, planCellStep, type Plan } from "./fused-lstm-math.js";
import { LSTM_CELL, LSTM_CELL_GRAD } from "./fused-lstm-names.js";

export { LSTM_CELL, LSTM_CELL_GRAD };
const BACKENDS = ["cpu", "wasm"] as const;

type Planner = (inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => Plan;

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: "float32"): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}
interface CpuBackendLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): TensorInfo;
}

function checkFloat(inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) if (t.dtype !== "float32") throw new Error(`${LSTM_CELL}: ${name} must be float32, got ${t.dtype}`);
}

function wasmKernel(plan: Planner): KernelFunc {
  return (({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: WasmBackendLike; attrs: NamedAttrMap }) => {
    checkFloat(inputs);
    const p = plan(inputs, attrs);
    const outs = p.shapes.map((shape) => backend.makeOutput(shape, "float32"));
    const views: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(inputs)) views[name] = backend.typedArrayFromHeap(t) as Float32Array;
    p.fill(
      views,
      outs.map((o) => backend.typedArrayFromHeap(o) as Float32Array)
    );
    return outs;
  }) as unknown as KernelFunc;
}

function cpuKernel(plan: Planner): KernelFunc {
  return (({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: CpuBackendLike; attrs: NamedAttrMap }) => {
    checkFloat(inputs);
    const p = plan(inputs, attrs);
    const views: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(inputs)) views[name] = backend.readSync(t.dataId) as Float32Array;
    const outs = p.shapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
    p.fill(views, outs);
    return outs.map((values, k) => backend.makeTensorInfo(p.shapes[k], "float32", values));
  }) as unknown as KernelFunc;
}

const planners: [string, Planner][] = [
  [LSTM_CELL, planCellStep],
  [LSTM_CELL_GRAD, planCellGrad]
];

/** Registers both kernels for cpu and wasm (again after unregisterFusedLstm). */
export function registerFusedLstm(): void {
  for (const backendName of BACKENDS) {
    for (const [kernelName, plan] of planners) {
      if (getKernel(kernelName, backendName)) continue;
      registerKernel({ kernelName, backendName, kernelFunc: backendName === "wasm" ? wasmKernel(plan) : cpuKernel(plan) });
    }
  }
}

/** Removes them again: FastLstm then runs its unfused ops (for comparisons in tests and scripts). */
export function unregisterFusedLstm(): void {
  for (const backendName of BACKENDS) for (const [kernelName] of planners) if (getKernel(kernelName, backendName)) unregisterKernel(kernelName, backendName);
}

/** Whether `backendName` has both kernels. */
export function fusedLstmAvailable(backendName: string): boolean {
  return !!getKernel(LSTM_CELL, backendName) && !!getKernel(LSTM_CELL_GRAD, backendName);
}
