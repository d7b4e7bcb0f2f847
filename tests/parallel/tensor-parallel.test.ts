// Tensor parallelism of a linear layer: the column split gathered and the row split summed both
// equal the unsplit X W (computed here with plain loops), for 2, 3 and 4 devices.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maxAbsDifference } from "../../components/parallel/mlp.js";
import { columnsOf, concatColumns, megatronBytesPerLayer, rowsOf, splitPoints, sumBlocks } from "../../components/parallel/tensor-parallel.js";

function matmul(a: Float32Array, b: Float32Array, rows: number, inner: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = 0; k < inner; k++) for (let j = 0; j < cols; j++) out[i * cols + j] += a[i * inner + k] * b[k * cols + j];
  return out;
}
const random = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i * 12.9898) * 2);

describe("tensor parallel linear layer", () => {
  const [rows, inner, cols] = [5, 12, 10];
  const x = random(rows * inner, 1);
  const w = random(inner * cols, 2);
  const full = matmul(x, w, rows, inner, cols);
  for (const k of [2, 3, 4]) {
    it(`column split over ${k} devices, gathered, equals X W`, () => {
      const c = splitPoints(cols, k);
      const widths = c.slice(1).map((v, i) => v - c[i]);
      const blocks = widths.map((width, i) => matmul(x, columnsOf(w, inner, cols, c[i], c[i + 1]), rows, inner, width));
      assert.equal(maxAbsDifference(concatColumns(blocks, rows, widths), full), 0);
    });
    it(`row split over ${k} devices, summed, equals X W`, () => {
      const r = splitPoints(inner, k);
      const blocks = r.slice(1).map((end, i) => matmul(columnsOf(x, rows, inner, r[i], end), rowsOf(w, cols, r[i], end), rows, end - r[i], cols));
      assert.ok(maxAbsDifference(sumBlocks(blocks), full) < 1e-5);
    });
  }
  it("Megatron moves four ring all-reduces of b·s·h values per layer", () => {
    assert.equal(megatronBytesPerLayer(1, 2048, 4096, 1), 0);
    assert.equal(megatronBytesPerLayer(1, 2048, 4096, 8), 4 * (14 / 8) * 2048 * 4096 * 2);
  });
});
