// Slice, Unpack and SplitV for the WASM backend that copy only what they return. tfjs-wasm
// 4.22's kernels read the whole input out of the wasm heap (`readSync` copies it) for every
// piece: an LSTM step's SplitV into four gates copied its [64, 128] input four times, and
// unstacking a sequence of T steps copied it T times (SplitV was 30% of the LSTM's kernel
// time in the benchmark's profile). These read the input through a view of the heap instead,
// taken after the output is allocated (allocation can grow the heap and detach older views).
import { backend_util, slice_util, util, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";

import type { HeapArray as Typed, WasmBackendLike as WasmHeapBackend } from "./backend-like.js";

/** out = x[begin : begin + size], copied row by row (the last axis is contiguous). */
export function copySlice(x: Typed, shape: number[], begin: number[], size: number[], out: Typed): void {
  const rank = shape.length;
  const strides = util.computeStrides(shape);
  if (rank === 0 || slice_util.isSliceContinous(shape, begin, size)) {
    const offset = rank === 0 ? 0 : slice_util.computeFlatOffset(begin, strides);
    out.set(x.subarray(offset, offset + out.length));
    return;
  }
  const row = size[rank - 1];
  const index = new Array(rank - 1).fill(0); // position among the rows of the output
  for (let written = 0; written < out.length; written += row) {
    let offset = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) offset += (begin[d] + index[d]) * strides[d];
    out.set(x.subarray(offset, offset + row), written);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
}

/** One slice on the heap; strings (never in the book's models) go to tfjs's own kernel. */
function sliceOnHeap(backend: WasmHeapBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (util.sizeFromShape(size) > 0) copySlice(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

type Kernel = (args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: NamedAttrMap }) => TensorInfo | TensorInfo[];

/** Slice that falls back to `original` for strings. */
export function fastSlice(original: KernelFunc): KernelFunc {
  const bookSlice: Kernel = ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    if (x.dtype === "string") return original({ inputs, backend, attrs } as never) as TensorInfo;
    const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin as number[], attrs.size as number[]);
    return sliceOnHeap(backend as WasmHeapBackend, x, begin, size);
  };
  return bookSlice as KernelFunc;
}

/** Unpack (tf.unstack): one slice per index along the axis, that axis dropped. */
export function fastUnpack(original: KernelFunc): KernelFunc {
  const bookUnpack: Kernel = ({ inputs, backend, attrs }) => {
    const { value } = inputs;
    if (value.dtype === "string") return original({ inputs, backend, attrs } as never) as TensorInfo[];
    const axis = util.parseAxisParam(attrs.axis as number, value.shape)[0];
    const outShape = value.shape.filter((_, d) => d !== axis);
    const begin = value.shape.map(() => 0);
    const size = value.shape.slice();
    size[axis] = 1;
    return Array.from({ length: value.shape[axis] }, (_, i) => {
      begin[axis] = i;
      const { dataId, dtype } = sliceOnHeap(backend as WasmHeapBackend, value, begin, size);
      return { dataId, dtype, shape: outShape };
    });
  };
  return bookUnpack as KernelFunc;
}

/** SplitV (tf.split): consecutive slices along the axis. */
export function fastSplitV(original: KernelFunc): KernelFunc {
  const bookSplitV: Kernel = ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    if (x.dtype === "string") return original({ inputs, backend, attrs } as never) as TensorInfo[];
    const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const sizes = backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits as number[] | number, axis);
    const begin = x.shape.map(() => 0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[axis] = s;
      const piece = sliceOnHeap(backend as WasmHeapBackend, x, begin, size);
      begin[axis] += s;
      return piece;
    });
  };
  return bookSplitV as KernelFunc;
}
