// Tensor parallelism of one linear layer Y = X W (5.1, src/ch5-1-parallel.md), Megatron-style:
// split W by columns (each device computes some columns of Y: gather them) or by rows (each
// device multiplies its columns of X by its rows of W: the partial Y's are summed, an
// all-reduce). Pure functions on plain arrays, so the page can hand each shard to a worker.

/** Columns [c0, c1) of a row-major rows × cols matrix. */
export function columnsOf(a: Float32Array, rows: number, cols: number, c0: number, c1: number): Float32Array {
  const out = new Float32Array(rows * (c1 - c0));
  for (let r = 0; r < rows; r++) out.set(a.subarray(r * cols + c0, r * cols + c1), r * (c1 - c0));
  return out;
}

/** Rows [r0, r1) of a row-major matrix with `cols` columns. */
export function rowsOf(a: Float32Array, cols: number, r0: number, r1: number): Float32Array {
  return a.slice(r0 * cols, r1 * cols);
}

/** Places column blocks side by side: the "gather" after a column split. */
export function concatColumns(blocks: Float32Array[], rows: number, widths: number[]): Float32Array {
  const cols = widths.reduce((a, b) => a + b, 0);
  const out = new Float32Array(rows * cols);
  let c0 = 0;
  blocks.forEach((block, k) => {
    for (let r = 0; r < rows; r++) out.set(block.subarray(r * widths[k], (r + 1) * widths[k]), r * cols + c0);
    c0 += widths[k];
  });
  return out;
}

/** Element-wise sum: the all-reduce after a row split. */
export function sumBlocks(blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks[0].length);
  for (const b of blocks) for (let i = 0; i < out.length; i++) out[i] += b[i];
  return out;
}

/** Boundaries of k nearly equal parts of n. */
export function splitPoints(n: number, k: number): number[] {
  return Array.from({ length: k + 1 }, (_, i) => Math.round((i * n) / k));
}

/** Per transformer layer, Megatron's tensor parallelism over t devices does two all-reduces of
 * b·s·h values in the forward pass and two in the backward; bytes each device sends in a ring. */
export function megatronBytesPerLayer(batch: number, seq: number, hidden: number, t: number, bytesPerValue = 2): number {
  const values = batch * seq * hidden;
  return t <= 1 ? 0 : 4 * ((2 * (t - 1)) / t) * values * bytesPerValue;
}
