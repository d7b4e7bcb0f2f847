// Reference answers computed with the book's tfjs components: build the tensors, read the
// result with await array(), dispose what was made here.
import * as tf from "@book/tf";
import type { NumArray } from "../types.js";

export async function valueOf(make: () => tf.Tensor): Promise<NumArray> {
  const result = tf.tidy(make);
  try {
    return (await result.array()) as NumArray;
  } finally {
    result.dispose();
  }
}

/** Sum of the sizes of tensors made by `make` (parameters of a layer or block), all disposed. */
export function parameterCount(make: () => tf.Tensor[]): number {
  const tensors = make();
  const count = tensors.reduce((n, t) => n + t.size, 0);
  tensors.forEach((t) => t.dispose());
  return count;
}
