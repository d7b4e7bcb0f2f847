// The public methods of tfjs's WASM and CPU backends that the book's own kernels use
// (wasm-kernels.ts, wasm-conv.ts, wasm-slice.ts, fused-*.ts), typed once here: importing the
// backend classes themselves would pull both backends into every bundle that registers a kernel.
import type { DataType, TensorInfo } from "@tensorflow/tfjs-core";

export type HeapArray = Float32Array | Int32Array | Uint8Array;

/** tfjs-backend-wasm's BackendWasm: tensors live on the module's heap. */
export interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  /** A new tensor on the heap (uninitialised). */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of a tensor's bytes on the heap; an allocation may grow the heap and detach it. */
  typedArrayFromHeap(info: TensorInfo): HeapArray;
  readSync(dataId: object): ArrayLike<number>;
}

/** tfjs-backend-cpu's MathBackendCPU: readSync gives the stored array itself. */
export interface CpuBackendLike {
  disposeData(dataId: object): boolean;
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: DataType, values: HeapArray): TensorInfo;
}
