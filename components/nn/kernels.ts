// 3×3 kernels for the kernel explorer (3.2 节) and checking a reader's own numbers.

export const KERNEL_PRESETS: Record<string, number[][]> = {
  竖直边缘: [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
  水平边缘: [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
  模糊: [[1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9]],
  锐化: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
  恒等: [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
};

/** Reads a kernel typed by the reader: rows of numbers (strings); every entry must be a finite number. */
export function parseKernel(entries: string[][]): { kernel: number[][] } | { error: string } {
  const kernel: number[][] = [];
  for (let r = 0; r < entries.length; ++r) {
    const row: number[] = [];
    for (let c = 0; c < entries[r].length; ++c) {
      const text = entries[r][c].trim();
      const value = text === "" ? NaN : Number(text);
      if (!Number.isFinite(value)) return { error: `第 ${r + 1} 行第 ${c + 1} 列的“${entries[r][c]}”不是一个数` };
      row.push(value);
    }
    kernel.push(row);
  }
  if (!kernel.length || kernel.some((row) => row.length !== kernel[0].length)) return { error: "卷积核必须是完整的矩形" };
  return { kernel };
}
