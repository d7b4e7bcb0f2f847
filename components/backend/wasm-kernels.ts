// Training kernels for the WASM backend, so the book can train on a CPU at XNNPACK speed
// instead of on a software GPU (SwiftShader) that is ~100× slower. Missing in tfjs 4.22:
//   Conv2DBackpropFilter — the filter gradient of every convolution (wasm-conv.ts);
//   UnsortedSegmentSum   — the gradient of gather, i.e. of every embedding lookup.
// Present but slow in 4.22 (measured on the book's CNN, batch 64, Node):
//   Conv2DBackpropInput  — a plain loop, 8× the forward convolution: stride 1 now runs as a
//                          forward convolution (139 → 17 ms), other strides as GEMM + col2im;
//   MaxPoolGrad          — 28 ms for 64×26×26×32: now one pass over the windows;
//   BatchMatMul          — with transposeA/B 6× slower than without: the operand is
//                          transposed first (the backward pass of every dense layer);
//   Slice/Unpack/SplitV  — copied the whole input out of the heap per piece (wasm-slice.ts);
//   GatherV2             — element by element: ~850 µs for an LSTM batch's embedding lookup,
//                          now whole slices (wasm-gather.ts).
// All are written on top of the backend's own fast kernels (see registerWasmTrainingKernels).
//
// This module imports tfjs-core directly because it is bundled into @book/tf (the only
// tfjs-core instance in the browser) and used by Node tests; pages never import it.
import { fastSlice, fastSplitV, fastUnpack } from "./wasm-slice.js";
import { fastGatherV2 } from "./wasm-gather.js";
import { getKernel, registerKernel, unregisterKernel, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { conv2DBackpropFilter, conv2DBackpropInputVia, maxPoolGrad, runWasm, type WasmBackendLike } from "./wasm-conv.js";

const BACKEND = "wasm";

/** BatchMatMul with its transposes done first by the Transpose kernel (see the header). */
function batchMatMulUntransposed(original: KernelFunc): KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const swapLast = (t: TensorInfo) => {
      const perm = t.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
      return runWasm("Transpose", { x: t }, backend, { perm });
    };
    const temps: TensorInfo[] = [];
    try {
      const a2 = transposeA ? (temps.push(swapLast(a)), temps[temps.length - 1]) : a;
      const b2 = transposeB ? (temps.push(swapLast(b)), temps[temps.length - 1]) : b;
      return original({ ...args, inputs: { a: a2, b: b2 }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/**
 * Sum over adjacent axes that have axes after them — a bias gradient, [T·B, n] summed over
 * its rows, or [1, T·B, n] over axis 1. tfjs-wasm first transposes the input so that the
 * summed axes come last (a full copy), then adds each output's elements one after another
 * in float32. Adding whole rows into the output adds the same numbers in the same order, so
 * the sums are bit-identical, without the copy (3.3's LSTM: its input projection's bias
 * gradient, [1,1024,128] over axis 1). Everything else keeps tfjs's kernel.
 */
function sumOverLeadingAxes(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const [first, last] = [axes[0], axes[axes.length - 1]];
    if (x.dtype !== "float32" || !axes.length || last - first + 1 !== axes.length || last === x.shape.length - 1) return original(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const outer = util.sizeFromShape(x.shape.slice(0, first));
    const reduce = util.sizeFromShape(x.shape.slice(first, last + 1));
    const inner = util.sizeFromShape(x.shape.slice(last + 1));
    const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const out = backend.makeOutput(shape, "float32");
    // Views after the allocation, which may grow (and so detach) the heap.
    const xs = backend.typedArrayFromHeap(x) as Float32Array;
    const ys = backend.typedArrayFromHeap(out) as Float32Array;
    for (let o = 0; o < outer; o++) addRows(xs, o * reduce * inner, reduce, inner, ys, o * inner);
    return out;
  };
}

const f32 = Math.fround;

/**
 * ys[to + i] = Σ_r xs[from + r·inner + i] for i < inner, each column added row after row in
 * float32 (as `ys[i] += x` stores it). Eight columns at a time in local sums, not through ys:
 * the same additions in the same order, ~2–3× faster in V8 (3.3's LSTM bias gradient,
 * [640–1024, 128]: ~190 → ~55 µs in Node).
 */
export function addRows(xs: Float32Array, from: number, reduce: number, inner: number, ys: Float32Array, to: number): void {
  const end = from + reduce * inner;
  let i = 0;
  for (; i + 8 <= inner; i += 8) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0; // prettier-ignore
    for (let at = from + i; at < end; at += inner) {
      a0 = f32(a0 + xs[at]);
      a1 = f32(a1 + xs[at + 1]);
      a2 = f32(a2 + xs[at + 2]);
      a3 = f32(a3 + xs[at + 3]);
      a4 = f32(a4 + xs[at + 4]);
      a5 = f32(a5 + xs[at + 5]);
      a6 = f32(a6 + xs[at + 6]);
      a7 = f32(a7 + xs[at + 7]);
    }
    ys[to + i] = a0;
    ys[to + i + 1] = a1;
    ys[to + i + 2] = a2;
    ys[to + i + 3] = a3;
    ys[to + i + 4] = a4;
    ys[to + i + 5] = a5;
    ys[to + i + 6] = a6;
    ys[to + i + 7] = a7;
  }
  for (; i < inner; i++) {
    let sum = 0;
    for (let at = from + i; at < end; at += inner) sum = f32(sum + xs[at]);
    ys[to + i] = sum;
  }
}

/**
 * out[s, …] = Σ_{n : ids[n] = s} x[n, …]; ids outside [0, numSegments) are dropped (as in
 * TensorFlow). `segmentIds` may cover the leading dimensions of x. A plain loop over the
 * wasm heap: the sum is memory-bound and tiny next to the matmuls around it.
 */
/** The segment sum itself, shared by the wasm and cpu kernels below: x's values and the
 * segment ids (arrays the backend holds), into `target`. */
function segmentSum(inputs: { x: TensorInfo; segmentIds: TensorInfo }, numSegments: number, values: ArrayLike<number>, ids: ArrayLike<number>, target: Float32Array | Int32Array | Uint8Array): void {
  const { x, segmentIds } = inputs;
  const idCount = segmentIds.shape.reduce((a, n) => a * n, 1);
  const leading = x.shape.slice(0, segmentIds.shape.length).reduce((a, n) => a * n, 1);
  if (leading !== idCount) throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must match the leading dimensions of x [${x.shape}]`);
  const width = x.shape.slice(segmentIds.shape.length).reduce((a, n) => a * n, 1);
  target.fill(0);
  for (let n = 0; n < idCount; n++) {
    const s = ids[n];
    if (s < 0 || s >= numSegments) continue;
    const from = n * width;
    const to = s * width;
    for (let k = 0; k < width; k++) target[to + k] += values[from + k];
  }
}

function segmentSumShape(inputs: { x: TensorInfo; segmentIds: TensorInfo }, numSegments: number): number[] {
  return [numSegments, ...inputs.x.shape.slice(inputs.segmentIds.shape.length)];
}

export const unsortedSegmentSum: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackendLike;
  const args = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = Number((attrs as { numSegments: number }).numSegments);
  const out = backend.makeOutput(segmentSumShape(args, numSegments), args.x.dtype === "int32" ? "int32" : "float32");
  // Views of the heap after the allocation (which may grow it), not readSync's copies: the
  // embedding gradient of 3.3's LSTM step ([1024, 16] rows) spent half its time copying.
  const ids = args.segmentIds.dtype === "int32" ? backend.typedArrayFromHeap(args.segmentIds) : backend.readSync(args.segmentIds.dataId);
  segmentSum(args, numSegments, backend.typedArrayFromHeap(args.x), ids, backend.typedArrayFromHeap(out));
  return out;
};

/** tfjs's CPU kernel runs one masked sum per segment (O(segments × n)): with a 2,000-word
 * vocabulary one embedding gradient took seconds. This is one pass over the rows. */
export const unsortedSegmentSumCpu: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as { readSync(dataId: object): ArrayLike<number>; makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array): TensorInfo };
  const args = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = Number((attrs as { numSegments: number }).numSegments);
  const shape = segmentSumShape(args, numSegments);
  const size = shape.reduce((a, n) => a * n, 1);
  const target = args.x.dtype === "int32" ? new Int32Array(size) : new Float32Array(size);
  segmentSum(args, numSegments, backend.readSync(args.x.dataId), backend.readSync(args.segmentIds.dataId), target);
  return backend.makeTensorInfo(shape, args.x.dtype === "int32" ? "int32" : "float32", target);
};

const KERNELS: KernelConfig[] = [
  { kernelName: "Conv2DBackpropFilter", backendName: BACKEND, kernelFunc: conv2DBackpropFilter },
  { kernelName: "UnsortedSegmentSum", backendName: BACKEND, kernelFunc: unsortedSegmentSum }
];

let registered = false;

/** Registers the kernels for `wasm` once: the missing ones, and the faster input gradient. */
export function registerWasmTrainingKernels(): string[] {
  if (registered) return [];
  registered = true;
  const added: string[] = [];
  for (const config of KERNELS) {
    if (getKernel(config.kernelName, BACKEND)) continue;
    registerKernel(config);
    added.push(config.kernelName);
  }
  const replace = (name: string, wrap: (original: KernelFunc) => KernelFunc) => {
    const original = getKernel(name, BACKEND);
    if (!original) return;
    unregisterKernel(name, BACKEND);
    registerKernel({ ...original, kernelFunc: wrap(original.kernelFunc) });
    added.push(`${name} (faster)`);
  };
  replace("Conv2DBackpropInput", conv2DBackpropInputVia);
  replace("MaxPoolGrad", () => maxPoolGrad);
  replace("BatchMatMul", batchMatMulUntransposed);
  replace("Slice", fastSlice);
  replace("Unpack", fastUnpack);
  replace("SplitV", fastSplitV);
  replace("GatherV2", fastGatherV2);
  replace("Sum", sumOverLeadingAxes);
  return added;
}

let cpuRegistered = false;

/** The CPU backend's slow embedding gradient replaced (see unsortedSegmentSumCpu). */
export function registerCpuTrainingKernels(): void {
  if (cpuRegistered) return;
  cpuRegistered = true;
  const original = getKernel("UnsortedSegmentSum", "cpu");
  if (original) unregisterKernel("UnsortedSegmentSum", "cpu");
  registerKernel({ kernelName: "UnsortedSegmentSum", backendName: "cpu", kernelFunc: unsortedSegmentSumCpu });
}
