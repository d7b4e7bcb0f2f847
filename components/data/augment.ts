// Data augmentation for 28×28 digits (第4章 4.5; chapters 2 and 6 use it too): each image is
// shifted by a few pixels and rotated by a few degrees about its centre, bilinear
// interpolation, background (0) where the source falls outside the image. Seeded: the same
// seed gives the same copies, so experiments can be repeated.
//
//   transformDigit(pixels, {dx, dy, degrees})        one image, a fixed transform (pure)
//   augmentDigits(x, {maxShift, maxDegrees, seed})   a batch, a random transform per image
import * as tf from "@book/tf";
import { seededRandom } from "./synthetic.js";

export interface DigitTransform {
  /** Pixels to the right (may be fractional). */
  dx: number;
  /** Pixels down. */
  dy: number;
  /** Counter-clockwise rotation in degrees, about the image centre. */
  degrees: number;
}

export interface AugmentOptions {
  /** Largest shift in each direction, pixels (default 2). */
  maxShift?: number;
  /** Largest rotation either way, degrees (default 15). */
  maxDegrees?: number;
  seed?: number;
  rows?: number;
  cols?: number;
}

/** One rows×cols image (row-major) moved by `transform`; the input is not changed. */
export function transformDigit(pixels: ArrayLike<number>, { dx, dy, degrees }: DigitTransform, rows = 28, cols = 28): Float32Array {
  if (pixels.length !== rows * cols) throw new Error(`图像应有 ${rows}×${cols} = ${rows * cols} 个像素，收到 ${pixels.length} 个`);
  const out = new Float32Array(rows * cols);
  const [cy, cx] = [(rows - 1) / 2, (cols - 1) / 2];
  // Inverse map: for each output pixel, where in the source it comes from. Rotation is
  // counter-clockwise on screen, where y points down.
  const angle = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [u, v] = [c - dx - cx, r - dy - cy];
      const sx = cos * u - sin * v + cx;
      const sy = sin * u + cos * v + cy;
      out[r * cols + c] = bilinear(pixels, sx, sy, rows, cols);
    }
  }
  return out;
}

function bilinear(pixels: ArrayLike<number>, x: number, y: number, rows: number, cols: number): number {
  const [x0, y0] = [Math.floor(x), Math.floor(y)];
  const [fx, fy] = [x - x0, y - y0];
  const at = (r: number, c: number) => (r >= 0 && r < rows && c >= 0 && c < cols ? pixels[r * cols + c] : 0);
  return (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
}

/** `n` random transforms within the limits, from `seed`. */
export function randomTransforms(n: number, { maxShift = 2, maxDegrees = 15, seed = 1 }: AugmentOptions = {}): DigitTransform[] {
  if (!(maxShift >= 0 && maxShift <= 14)) throw new Error(`最大平移必须在 0 到 14 像素之间，收到 ${maxShift}`);
  if (!(maxDegrees >= 0 && maxDegrees <= 180)) throw new Error(`最大旋转角必须在 0° 到 180° 之间，收到 ${maxDegrees}`);
  const random = seededRandom(seed);
  const between = (limit: number) => (2 * random() - 1) * limit;
  return Array.from({ length: n }, () => ({ dx: between(maxShift), dy: between(maxShift), degrees: between(maxDegrees) }));
}

/** A randomly shifted and rotated copy of every image of x ([n, rows, cols, 1] or [n, rows·cols]);
 * same shape, new tensor (the caller disposes it); x is not changed. */
export async function augmentDigits(x: tf.Tensor, options: AugmentOptions = {}): Promise<tf.Tensor> {
  const { rows = 28, cols = 28 } = options;
  const size = rows * cols;
  if (x.size % size !== 0 || x.shape[0] * size !== x.size) throw new Error(`输入形状 [${x.shape}] 不是一批 ${rows}×${cols} 的图像`);
  const n = x.shape[0];
  const values = await x.data();
  const transforms = randomTransforms(n, options);
  const out = new Float32Array(values.length);
  for (let i = 0; i < n; i++) out.set(transformDigit(values.subarray(i * size, (i + 1) * size), transforms[i], rows, cols), i * size);
  return tf.tensor(out, x.shape, "float32");
}
