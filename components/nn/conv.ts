// Convolution and pooling from scratch with plain loops (3.2 节), to compare with tfjs's
// tf.conv2d and tf.maxPool. Layout as in tfjs: images H×W×C, kernels k×k×Cin×Cout.
// Like every CNN library, conv2dLoop computes cross-correlation (公式 3.2.2); the
// mathematical convolution (公式 3.2.1) is cross-correlation with the kernel turned 180°.

export type Image = number[][][]; // [row][column][channel]
export type Kernel = number[][][][]; // [row][column][in channel][out channel]
export type Padding = "valid" | "same" | number;

/** ⌊(n + 2p − k) / s⌋ + 1 (公式 3.2.3). */
export function convOutputSize(n: number, k: number, padding: number, stride: number): number {
  return Math.floor((n + 2 * padding - k) / stride) + 1;
}

/** Padding before (top/left) and the output size, following tfjs's "same"/"valid" rules. */
export function resolvePadding(n: number, k: number, stride: number, padding: Padding): { before: number; out: number } {
  if (padding === "valid") return { before: 0, out: convOutputSize(n, k, 0, stride) };
  if (typeof padding === "number") return { before: padding, out: convOutputSize(n, k, padding, stride) };
  const out = Math.ceil(n / stride);
  const total = Math.max(0, (out - 1) * stride + k - n);
  return { before: Math.floor(total / 2), out }; // TensorFlow puts the odd pixel after
}

/** 2-D cross-correlation with stride and padding: Y[i][j][o] = Σ X[i·s+m−p][j·s+n−p][c]·K[m][n][c][o]. */
export function conv2dLoop(x: Image, kernel: Kernel, { stride = 1, padding = "valid" as Padding } = {}): Image {
  const [h, w, channels] = [x.length, x[0].length, x[0][0].length];
  const [kh, kw, kin, kout] = [kernel.length, kernel[0].length, kernel[0][0].length, kernel[0][0][0].length];
  if (kin !== channels) throw new Error(`kernel expects ${kin} input channels, image has ${channels}`);
  const rows = resolvePadding(h, kh, stride, padding);
  const cols = resolvePadding(w, kw, stride, padding);
  const y: Image = [];
  for (let i = 0; i < rows.out; ++i) {
    const row: number[][] = [];
    for (let j = 0; j < cols.out; ++j) {
      const out = new Array<number>(kout).fill(0);
      for (let m = 0; m < kh; ++m) {
        const r = i * stride + m - rows.before;
        if (r < 0 || r >= h) continue; // zero padding
        for (let n = 0; n < kw; ++n) {
          const c = j * stride + n - cols.before;
          if (c < 0 || c >= w) continue;
          for (let ci = 0; ci < channels; ++ci) {
            const v = x[r][c][ci];
            for (let o = 0; o < kout; ++o) out[o] += v * kernel[m][n][ci][o];
          }
        }
      }
      row.push(out);
    }
    y.push(row);
  }
  return y;
}

/** The kernel turned by 180° (rows and columns reversed). */
export function rotate180(kernel: Kernel): Kernel {
  return kernel.map((row) => row.slice().reverse()).reverse();
}

/** Mathematical convolution (公式 3.2.1): cross-correlation with the rotated kernel. */
export function trueConv2dLoop(x: Image, kernel: Kernel, options?: { stride?: number; padding?: Padding }): Image {
  return conv2dLoop(x, rotate180(kernel), options);
}

/** Max pooling over size×size windows, per channel. */
export function maxPoolLoop(x: Image, { size = 2, stride = size as number, padding = "valid" as Padding }: { size?: number; stride?: number; padding?: Padding } = {}): Image {
  const [h, w, channels] = [x.length, x[0].length, x[0][0].length];
  const rows = resolvePadding(h, size, stride, padding);
  const cols = resolvePadding(w, size, stride, padding);
  const y: Image = [];
  for (let i = 0; i < rows.out; ++i) {
    const row: number[][] = [];
    for (let j = 0; j < cols.out; ++j) {
      const out = new Array<number>(channels).fill(-Infinity);
      for (let m = 0; m < size; ++m) {
        const r = i * stride + m - rows.before;
        if (r < 0 || r >= h) continue; // padded cells never win a max
        for (let n = 0; n < size; ++n) {
          const c = j * stride + n - cols.before;
          if (c < 0 || c >= w) continue;
          for (let ch = 0; ch < channels; ++ch) out[ch] = Math.max(out[ch], x[r][c][ch]);
        }
      }
      row.push(out);
    }
    y.push(row);
  }
  return y;
}

/** A 2-D grid of numbers as a one-channel image (and back), for single-channel demos. */
export function toImage(grid: number[][]): Image {
  return grid.map((row) => row.map((v) => [v]));
}

export function toKernel(grid: number[][]): Kernel {
  return grid.map((row) => row.map((v) => [[v]]));
}

export function channel(x: Image, c = 0): number[][] {
  return x.map((row) => row.map((v) => v[c]));
}
