// A learning-rate × batch-size grid on one task (5.4 节, 调参): every cell of the grid is one
// seeded training run, scored on a validation set (never the test set: the grid is a choice,
// and a choice made on the test set makes its score optimistic).
import { FinetuneInputError } from "./digit-task.js";
import { checkLearningRate } from "./transfer.js";

export interface GridCell {
  lr: number;
  batchSize: number;
  score: number;
}

/** Throws a FinetuneInputError unless both lists are non-empty and every value is usable. */
export function checkGrid(lrs: readonly number[], batchSizes: readonly number[]): void {
  if (!lrs.length || !batchSizes.length) throw new FinetuneInputError("学习率和批大小的列表都不能为空。");
  lrs.forEach(checkLearningRate);
  for (const b of batchSizes) if (!Number.isInteger(b) || b <= 0) throw new FinetuneInputError(`批大小必须是正整数，现在是 ${b}。`);
}

/** Runs `score(lr, batchSize)` for every pair, row by row (one row per learning rate). */
export async function sweepGrid(lrs: readonly number[], batchSizes: readonly number[], score: (lr: number, batchSize: number) => Promise<number>, { signal, onCell }: { signal?: AbortSignal; onCell?(cell: GridCell, done: number, total: number): void } = {}): Promise<GridCell[]> {
  checkGrid(lrs, batchSizes);
  const cells: GridCell[] = [];
  for (const lr of lrs) {
    for (const batchSize of batchSizes) {
      if (signal?.aborted) return cells;
      const cell = { lr, batchSize, score: await score(lr, batchSize) };
      cells.push(cell);
      onCell?.(cell, cells.length, lrs.length * batchSizes.length);
    }
  }
  return cells;
}

/** The grid as rows (learning rates) × columns (batch sizes) for a heatmap; NaN where not run. */
export function gridValues(cells: readonly GridCell[], lrs: readonly number[], batchSizes: readonly number[]): number[][] {
  return lrs.map((lr) => batchSizes.map((b) => cells.find((c) => c.lr === lr && c.batchSize === b)?.score ?? Number.NaN));
}

/** The best cell (highest score); ties go to the one run first. */
export function bestCell(cells: readonly GridCell[]): GridCell | null {
  return cells.reduce<GridCell | null>((best, c) => (best === null || c.score > best.score ? c : best), null);
}
