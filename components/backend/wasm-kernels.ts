// Training kernels for the WASM backend, so the book can train on a CPU at XNNPACK speed
// instead of on a software GPU (SwiftShader) that is ~100× slower. Missing in tfjs 4.22:
//   Conv2DBackpropFilter — the filter gradient of every convolution;
//   UnsortedSegmentSum   — the gradient of gather, i.e. of every embedding lookup.
// Present but slow in 4.22 (measured on the book's CNN, batch 64, Node):
//   Conv2DBackpropInput  — a plain loop, 8× the forward convolution: stride 1 now runs as a
//                          forward convolution (139 → 17 ms);
//   MaxPoolGrad          — 28 ms for 64×26×26×32: now one pass over the windows (below);
//   BatchMatMul          — with transposeA/B 6× slower than without: the operand is
//                          transposed first (the backward pass of every dense layer);
//   Slice/Unpack/SplitV  — copied the whole input out of the heap per piece (wasm-slice.ts).
// All are written on top of the backend's own fast kernels (see registerWasmTrainingKernels).
//
// This module imports tfjs-core directly because it is bundled into @book/tf (the only
// tfjs-core instance in the browser) and used by Node tests; pages never import it.
import { fastSlice, fastSplitV, fastUnpack } from "./wasm-slice.js";
import { backend_util, getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";

/** What this module needs of tfjs's BackendWasm (typed here to avoid a deep import). */
interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  makeOutput(shape: number[], dtype: "float32" | "int32"): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  readSync(dataId: object): ArrayLike<number>;
}

const BACKEND = "wasm";

function run(kernelName: string, inputs: Record<string, TensorInfo>, backend: WasmBackendLike, attrs: NamedAttrMap): TensorInfo {
  const kernel = getKernel(kernelName, BACKEND);
  if (!kernel) throw new Error(`wasm backend has no ${kernelName} kernel`);
  return kernel.kernelFunc({ inputs, backend: backend as never, attrs }) as TensorInfo;
}

type Shape4 = [number, number, number, number];
/** The attributes tfjs passes to both convolution gradients. */
interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * dW[kh,kw,ci,co] = Σ_{b,i,j} x[b, i·s+kh−pad, j·s+kw−pad, ci] · dy[b,i,j,co].
 * Read with ci as the batch and b as the channel, that sum is a forward convolution of
 * x (transposed to [inC,H,W,B]) with dy (transposed to [OH,OW,B,outC]) as the filter,
 * dilated by the forward stride. The result [inC,KH',KW',outC] can be one row or column
 * larger than the filter when the forward pass dropped input at the edge (floor), so it
 * is sliced, then transposed to [KH,KW,inC,outC].
 */
export const conv2DBackpropFilter: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackendLike;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvGradAttrs & { filterShape: Shape4 };
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") throw new Error("wasm Conv2DBackpropFilter supports only NHWC (channelsLast)");
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, 1, pad, dimRoundingMode, false, format);
  const { top, bottom, left, right } = info.padInfo;
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temps.push(t), t);
  try {
    const xT = keep(run("Transpose", { x }, backend, { perm: [3, 1, 2, 0] }));
    const dyT = keep(run("Transpose", { x: dy }, backend, { perm: [1, 2, 0, 3] }));
    const full = keep(
      run("Conv2D", { x: xT, filter: dyT }, backend, {
        strides: [1, 1],
        dilations: [info.strideHeight, info.strideWidth],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]] as never,
        dataFormat: "NHWC",
        dimRoundingMode: null as never
      })
    );
    const [inC, kh, kw, outC] = [info.inChannels, info.filterHeight, info.filterWidth, info.outChannels];
    const fits = full.shape[1] === kh && full.shape[2] === kw;
    const cropped = fits ? full : keep(run("Slice", { x: full }, backend, { begin: [0, 0, 0, 0], size: [inC, kh, kw, outC] }));
    return run("Transpose", { x: cropped }, backend, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
};

/**
 * For stride 1, dx = dy convolved (cross-correlation, "full" padding K−1−p) with the filter
 * rotated by 180° and its in/out channels swapped. Other strides keep tfjs's own kernel.
 */
function conv2DBackpropInputVia(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackendLike;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as ConvGradAttrs & { inputShape: Shape4 };
    const format = backend_util.convertConv2DDataFormat(dataFormat);
    const info = backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, 1, pad, dimRoundingMode, false, format);
    const { top, bottom, left, right } = info.padInfo;
    const [kh, kw] = [info.filterHeight, info.filterWidth];
    const padding = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
    if (format !== "channelsLast" || info.strideHeight !== 1 || info.strideWidth !== 1 || padding.some((p) => p < 0)) return fallback(args);
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (temps.push(t), t);
    try {
      const rotated = keep(run("Reverse", { x: filter }, backend, { dims: [0, 1] }));
      const swapped = keep(run("Transpose", { x: rotated }, backend, { perm: [0, 1, 3, 2] }));
      return run("Conv2D", { x: dy, filter: swapped }, backend, {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [[0, 0], [padding[0], padding[1]], [padding[2], padding[3]], [0, 0]] as never,
        dataFormat: "NHWC",
        dimRoundingMode: null as never
      });
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
}

/**
 * dx gets each window's dy at the window's first maximum (row-major, strict >), exactly
 * as tfjs's CPU kernel assigns it; windows that overlap add up.
 */
export const maxPoolGrad: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackendLike;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: "valid" | "same" | number;
    dimRoundingMode?: "floor" | "round" | "ceil";
  };
  const info = backend_util.computePool2DInfo(input.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const [fh, fw] = [info.effectiveFilterHeight, info.effectiveFilterWidth];
  const dx = backend.makeOutput(input.shape, "float32");
  const out = backend.typedArrayFromHeap(dx);
  out.fill(0);
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const rowStride = inWidth * channels;
  for (let n = 0; n < batchSize; n++) {
    const base = n * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * strideHeight - info.padInfo.top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + fh);
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = ow * strideWidth - info.padInfo.left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + fw);
        const gBase = ((n * outHeight + oh) * outWidth + ow) * channels;
        for (let ch = 0; ch < channels; ch++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let r = rMin; r < rMax; r++) {
            for (let c = cMin; c < cMax; c++) {
              const i = base + r * rowStride + c * channels + ch;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          if (at >= 0) out[at] += g[gBase + ch];
        }
      }
    }
  }
  return dx;
};

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
      return run("Transpose", { x: t }, backend, { perm });
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
 * out[s, …] = Σ_{n : ids[n] = s} x[n, …]; ids outside [0, numSegments) are dropped (as in
 * TensorFlow). `segmentIds` may cover the leading dimensions of x. A plain loop over the
 * wasm heap: the sum is memory-bound and tiny next to the matmuls around it.
 */
/** The segment sum itself, shared by the wasm and cpu kernels below. */
function segmentSum(inputs: { x: TensorInfo; segmentIds: TensorInfo }, numSegments: number, read: (t: TensorInfo) => ArrayLike<number>, target: Float32Array | Int32Array | Uint8Array): void {
  const { x, segmentIds } = inputs;
  const idCount = segmentIds.shape.reduce((a, n) => a * n, 1);
  const leading = x.shape.slice(0, segmentIds.shape.length).reduce((a, n) => a * n, 1);
  if (leading !== idCount) throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must match the leading dimensions of x [${x.shape}]`);
  const width = x.shape.slice(segmentIds.shape.length).reduce((a, n) => a * n, 1);
  target.fill(0);
  const values = read(x);
  const ids = read(segmentIds);
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
  segmentSum(args, numSegments, (t) => backend.readSync(t.dataId), backend.typedArrayFromHeap(out));
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
  segmentSum(args, numSegments, (t) => backend.readSync(t.dataId), target);
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
