// GatherV2 (tf.gather: every embedding lookup, and the training loop's choice of a batch's
// rows) for the WASM backend, copying whole slices. tfjs-wasm 4.22's kernel reshapes x and the
// indices (two more tensors), copies the indices out of the heap, checks each one through a
// closure, and gathers element by element in C++ with strided index arithmetic: in Node, one
// thread, an embedding lookup of [64, 16] characters from a [28, 16] table took ~850 µs and
// the batch's rows of a [768, 16] int32 input ~220 µs (3.3's LSTM step: 3 GatherV2, ~1 ms
// of a ~6 ms step). Here the slices are copied straight between views of the heap taken after
// the output is allocated (an allocation can grow the heap and detach older views). The bits
// are the input's: the copy goes through an integer view, so even NaN payloads survive
// (tests/backend/wasm-gather.test.ts checks against tfjs's kernels).
import { backend_util, util, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import type { HeapArray, WasmBackendLike } from "./backend-like.js";

export interface GatherShape {
  batchSize: number;
  outerSize: number;
  dimSize: number;
  sliceSize: number;
}

/** The same bytes as an integer array (float32 → int32), so that copying never touches a float. */
const asBits = (a: HeapArray): Int32Array | Uint8Array => (a instanceof Float32Array ? new Int32Array(a.buffer, a.byteOffset, a.length) : a);

/**
 * out[b, o, i, :] = x[b, o, indices[b, i], :] over the shapes tfjs's gather util gives
 * (batch, outer, the gathered axis, the slice after it).
 */
export function gatherSlices(x: HeapArray, indices: Int32Array, shape: GatherShape, out: HeapArray): void {
  const [src, dst] = [asBits(x), asBits(out)];
  const { batchSize, outerSize, dimSize, sliceSize } = shape;
  const perBatch = indices.length / batchSize;
  let written = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const base = (b * outerSize + o) * dimSize;
      for (let i = 0; i < perBatch; i++) {
        const from = (base + indices[b * perBatch + i]) * sliceSize;
        // A short slice element by element: a subarray is an object allocation of its own.
        if (sliceSize < 64) for (let k = 0; k < sliceSize; k++) dst[written + k] = src[from + k];
        else dst.set(src.subarray(from, from + sliceSize), written);
        written += sliceSize;
      }
    }
  }
}

type Kernel = (args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: NamedAttrMap }) => TensorInfo;

/** GatherV2 on the heap; strings and non-int32 indices go to tfjs's own kernel. */
export function fastGatherV2(original: KernelFunc): KernelFunc {
  const bookGatherV2: Kernel = ({ inputs, backend: b, attrs }) => {
    const { x, indices } = inputs;
    if (x.dtype === "string" || indices.dtype !== "int32") return original({ inputs, backend: b, attrs } as never) as TensorInfo;
    const backend = b as WasmBackendLike;
    const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const info = backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, axis, attrs.batchDims as number);
    // tfjs's check and message: every index inside the gathered axis.
    const ids = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < ids.length; i++) {
      const index = ids[i];
      if (!(index <= info.dimSize - 1 && index >= 0)) throw new Error(`GatherV2: the index value ${index} is not in [0, ${info.dimSize - 1}]`);
    }
    const out = backend.makeOutput(info.outputShape, x.dtype);
    if (util.sizeFromShape(x.shape) === 0 || util.sizeFromShape(info.outputShape) === 0) return out;
    // Views after the allocation, which may grow (and so detach) the heap.
    gatherSlices(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(indices) as Int32Array, info, backend.typedArrayFromHeap(out));
    return out;
  };
  return bookGatherV2 as KernelFunc;
}
