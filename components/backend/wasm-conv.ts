// The convolution and pooling gradients of the WASM training kernels (wasm-kernels.ts
// registers them). Timed in Node on one thread for the 3.2 CNN at batch 64
// (tsx scripts/cnn-kernel-speed.ts; figures in the comments are medians).
import { backend_util, getKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";

import type { WasmBackendLike } from "./backend-like.js";
export type { WasmBackendLike };

/** Runs the wasm backend's kernel `kernelName` (the registered one, so wrappers apply). */
export function runWasm(kernelName: string, inputs: Record<string, TensorInfo>, backend: WasmBackendLike, attrs: NamedAttrMap): TensorInfo {
  const kernel = getKernel(kernelName, "wasm");
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
 * Kept because it was the fastest of those tried (scripts/cnn-speed.ts kernels, Node, one
 * thread, CPU ms per call, median; each call with a new dy, as in training, since XNNPACK
 * packs its weights per tensor): conv1 [64,28,28,1]→32 / conv2 [64,13,13,32]→64
 *   this dilated convolution                      6.5–6.8 / 12.5–12.9
 *   im2col (Pᵀ by a JS loop) + BatchMatMul Pᵀ·dy  7.7–9.0 / 14.6–15.6
 *   im2col + Pᵀ·dy as a 1×1 Conv2D                7.2     / 14.2
 * Whichever operand is the GEMM's weights is re-packed per call, and dy is new every
 * step; with the same dy reused the im2col forms look 3× faster (2.2 ms for conv1), a
 * trap for benchmarks.
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
    const xT = keep(runWasm("Transpose", { x }, backend, { perm: [3, 1, 2, 0] }));
    const dyT = keep(runWasm("Transpose", { x: dy }, backend, { perm: [1, 2, 0, 3] }));
    const full = keep(
      runWasm("Conv2D", { x: xT, filter: dyT }, backend, {
        strides: [1, 1],
        dilations: [info.strideHeight, info.strideWidth],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]] as never,
        dataFormat: "NHWC",
        dimRoundingMode: null as never
      })
    );
    const [inC, kh, kw, outC] = [info.inChannels, info.filterHeight, info.filterWidth, info.outChannels];
    const fits = full.shape[1] === kh && full.shape[2] === kw;
    const cropped = fits ? full : keep(runWasm("Slice", { x: full }, backend, { begin: [0, 0, 0, 0], size: [inC, kh, kw, outC] }));
    return runWasm("Transpose", { x: cropped }, backend, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
};

/**
 * dx = col2im(dy·Wᵀ): the product [M, Cout]·[Cout, KH·KW·Cin] gives, for every output
 * position, what each filter tap sends back to the input pixel it read; a JS loop adds
 * those into dx (any stride and padding). tfjs 4.22's own wasm kernel is a plain loop:
 * x [64,26,26,32], 3×3→64, stride 2, valid took 497 ms against 18 ms here (fastest of 12
 * alternating calls each, machine under load); x [64,28,28,1]→32, stride 2, same: 12 → 1.1.
 */
const conv2DBackpropInputByGemm: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = b as unknown as WasmBackendLike;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvGradAttrs & { inputShape: Shape4 };
  const format = backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") throw new Error("wasm Conv2DBackpropInput supports only NHWC (channelsLast)");
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, 1, pad, dimRoundingMode, false, format);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const m = batchSize * outHeight * outWidth;
  const k = filterHeight * filterWidth * inChannels;
  const dy2 = { dataId: dy.dataId, shape: [1, m, outChannels], dtype: dy.dtype };
  const w2 = { dataId: filter.dataId, shape: [1, k, outChannels], dtype: filter.dtype };
  const cols = runWasm("BatchMatMul", { a: dy2, b: w2 }, backend, { transposeA: false, transposeB: true });
  try {
    const dx = backend.makeOutput(inputShape, "float32");
    const out = backend.typedArrayFromHeap(dx);
    const src = backend.typedArrayFromHeap(cols);
    out.fill(0);
    let from = 0;
    for (let n = 0; n < batchSize; n++) {
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          for (let kh = 0; kh < filterHeight; kh++) {
            const r = oh * strideHeight - top + kh;
            if (r < 0 || r >= inHeight) {
              from += filterWidth * inChannels;
              continue;
            }
            for (let kw = 0; kw < filterWidth; kw++) {
              const c = ow * strideWidth - left + kw;
              if (c >= 0 && c < inWidth) {
                const to = ((n * inHeight + r) * inWidth + c) * inChannels;
                for (let ci = 0; ci < inChannels; ci++) out[to + ci] += src[from + ci];
              }
              from += inChannels;
            }
          }
        }
      }
    }
    return dx;
  } finally {
    backend.disposeData(cols.dataId);
  }
};

/**
 * For stride 1, dx = dy convolved (cross-correlation, "full" padding K−1−p) with the filter
 * rotated by 180° and its in/out channels swapped: 11.3 ms for conv2 ([64,11,11,64] →
 * [64,13,13,32]), against 12.5 ms by GEMM + col2im (above), which takes the other strides
 * and paddings. NCHW keeps tfjs's own kernel.
 */
export function conv2DBackpropInputVia(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackendLike;
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as ConvGradAttrs & { inputShape: Shape4 };
    const format = backend_util.convertConv2DDataFormat(dataFormat);
    const info = backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, 1, pad, dimRoundingMode, false, format);
    const { top, bottom, left, right } = info.padInfo;
    const [kh, kw] = [info.filterHeight, info.filterWidth];
    const padding = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right];
    if (format !== "channelsLast") return fallback(args);
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || padding.some((p) => p < 0)) return conv2DBackpropInputByGemm(args);
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo) => (temps.push(t), t);
    try {
      const rotated = keep(runWasm("Reverse", { x: filter }, backend, { dims: [0, 1] }));
      const swapped = keep(runWasm("Transpose", { x: rotated }, backend, { perm: [0, 1, 3, 2] }));
      return runWasm("Conv2D", { x: dy, filter: swapped }, backend, {
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
 * dx gets each window's dy at the window's first maximum (row-major, strict >, none when
 * every value is −∞ or NaN), exactly as tfjs's CPU kernel assigns it; windows that
 * overlap add up. The window's cells are listed once and the channels run innermost
 * over them: pool1 [64,26,26,32], CPU ms, median of 5 alternating runs' medians, 9.9 →
 * 9.1 (the loop per channel over the window's rows and columns before).
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
  const { top, left } = info.padInfo;
  const dx = backend.makeOutput(input.shape, "float32");
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const cells = new Int32Array(fh * fw);
  let gAt = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * strideHeight - top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + fh);
      for (let ow = 0; ow < outWidth; ow++, gAt += channels) {
        const c0 = ow * strideWidth - left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + fw);
        let count = 0;
        for (let r = rMin; r < rMax; r++) for (let c = cMin; c < cMax; c++) cells[count++] = ((n * inHeight + r) * inWidth + c) * channels;
        for (let ch = 0; ch < channels; ch++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let q = 0; q < count; q++) {
            const i = cells[q] + ch;
            if (x[i] > best) {
              best = x[i];
              at = i;
            }
          }
          if (at >= 0) out[at] += g[gAt + ch];
        }
      }
    }
  }
  return dx;
};
