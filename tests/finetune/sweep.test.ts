// The tuning grid (components/finetune/sweep.ts): every pair once, row by row; Stop keeps
// what ran; bad grids are refused in Chinese before anything runs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bestCell, checkGrid, gridValues, sweepGrid } from "../../components/finetune/sweep.js";

describe("sweepGrid", () => {
  it("scores every learning rate × batch size once and lays them out as rows × columns", async () => {
    const calls: string[] = [];
    const cells = await sweepGrid([0.1, 0.01], [8, 32, 128], async (lr, b) => (calls.push(`${lr}/${b}`), lr * b));
    assert.deepEqual(calls, ["0.1/8", "0.1/32", "0.1/128", "0.01/8", "0.01/32", "0.01/128"]);
    assert.deepEqual(gridValues(cells, [0.1, 0.01], [8, 32, 128]), [[0.8, 3.2, 12.8], [0.08, 0.32, 1.28]]);
    assert.deepEqual(bestCell(cells), { lr: 0.1, batchSize: 128, score: 12.8 });
  });
  it("stops between runs when asked and leaves NaN where nothing ran", async () => {
    const controller = new AbortController();
    const cells = await sweepGrid([1, 2], [1, 2], async (lr, b) => lr + b, { signal: controller.signal, onCell: (_, done) => done === 3 && controller.abort() });
    assert.equal(cells.length, 3);
    assert.ok(Number.isNaN(gridValues(cells, [1, 2], [1, 2])[1][1]));
    assert.equal(bestCell([]), null);
  });
  it("refuses empty lists, lr ≤ 0 or NaN, and batch sizes that are not positive whole numbers", async () => {
    let ran = 0;
    const run = async () => ++ran;
    await assert.rejects(sweepGrid([], [8], run), /不能为空/);
    await assert.rejects(sweepGrid([0.1, 0], [8], run), /学习率必须是大于 0 的有限数，现在是 0/);
    await assert.rejects(sweepGrid([Number.NaN], [8], run), /现在是 NaN/);
    await assert.rejects(sweepGrid([0.1], [8, 0], run), /批大小必须是正整数/);
    assert.equal(ran, 0);
    assert.doesNotThrow(() => checkGrid([1e-3], [1]));
  });
});
