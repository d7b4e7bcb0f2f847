// Why weights must start different (第4章 4.3): hidden units whose incoming weights are equal
// compute the same function, receive the same gradient and so stay equal for ever. This
// counts how many genuinely different units a layer has.
import type * as tf from "@book/tf";

/** The number of different columns of W (units of the layer), columns within `tolerance`
 * of each other (largest absolute difference) counting as one. */
export async function distinctUnits(weight: tf.Tensor2D, tolerance = 1e-6): Promise<number> {
  const [rows, cols] = weight.shape;
  const values = await weight.data();
  const representatives: number[] = [];
  for (let c = 0; c < cols; c++) {
    const same = representatives.some((r) => {
      for (let i = 0; i < rows; i++) if (Math.abs(values[i * cols + c] - values[i * cols + r]) > tolerance) return false;
      return true;
    });
    if (!same) representatives.push(c);
  }
  return representatives.length;
}
