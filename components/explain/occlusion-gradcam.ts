// Two attributions that need no input gradient (第6章 6.3 节): occlusion sensitivity (Zeiler &
// Fergus 2014) covers one square patch at a time and records how far the class score falls;
// Grad-CAM (Selvaraju et al. 2017) weighs the last convolution's maps by their mean gradient.
import * as tf from "@book/tf";
import type { Logits } from "./attributions.js";

/** Mean drop of z_c over the patches (size×size, filled with `fill`) that cover each pixel,
 * all patches evaluated in one batch. Positive: covering the pixel lowers the score. */
export async function occlusionMap(logits: Logits, x: tf.Tensor4D, target: number, { size = 6, stride = 2, fill = 0 } = {}): Promise<number[][]> {
  if (!(Number.isInteger(size) && size >= 1 && Number.isInteger(stride) && stride >= 1)) throw new RangeError("遮挡块的边长和步长必须是正整数。");
  const [, h, w] = x.shape;
  const corners: [number, number][] = [];
  for (let r = 0; r + size <= h; r += stride) for (let c = 0; c + size <= w; c += stride) corners.push([r, c]);
  const pixels = await x.data();
  const batch = new Float32Array(corners.length * h * w);
  corners.forEach(([r0, c0], i) => {
    batch.set(pixels, i * h * w);
    for (let r = r0; r < r0 + size; ++r) batch.fill(fill, i * h * w + r * w + c0, i * h * w + r * w + c0 + size);
  });
  const scores = tf.tidy(() => logits(tf.concat([x, tf.tensor4d(batch, [corners.length, h, w, 1])])).slice([0, target], [-1, 1]));
  const values = await scores.data();
  scores.dispose();
  const sum = Array.from({ length: h }, () => new Array<number>(w).fill(0));
  const count = Array.from({ length: h }, () => new Array<number>(w).fill(0));
  corners.forEach(([r0, c0], i) => {
    for (let r = r0; r < r0 + size; ++r)
      for (let c = c0; c < c0 + size; ++c) {
        sum[r][c] += values[0] - values[i + 1];
        count[r][c] += 1;
      }
  });
  return sum.map((row, r) => row.map((v, c) => (count[r][c] ? v / count[r][c] : 0)));
}

/** ReLU(Σ_k α_k A^k) with α_k the spatial mean of ∂z_c/∂A^k, A the last convolution's maps
 * (11×11 for the book's CNN), resized bilinearly to the input's size. */
export function gradCam(maps: (x: tf.Tensor4D) => tf.Tensor4D, head: (maps: tf.Tensor4D) => tf.Tensor2D, x: tf.Tensor4D, target: number): tf.Tensor4D {
  return tf.tidy(() => {
    const a = maps(x);
    const grads = tf.grad((m: tf.Tensor) => head(m as tf.Tensor4D).slice([0, target], [-1, 1]).sum())(a);
    const alpha = grads.mean([1, 2], true);
    const cam = tf.relu(a.mul(alpha).sum(3, true)) as tf.Tensor4D;
    return tf.image.resizeBilinear(cam, [x.shape[1], x.shape[2]]) as tf.Tensor4D;
  });
}
