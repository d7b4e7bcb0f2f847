// The data behind a chart's "查看数据表": which rows are shown, the note on a capped table, and
// the tables built from curves and grids.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capNote, gridTableData, lineTableData, shownRows } from "../../components/charts/data-table.js";

describe("shownRows", () => {
  it("shows every row of a short table", () => {
    assert.deepEqual(shownRows(3, 50), [0, 1, 2]);
  });
  it("shows the first rows of a long grid, or rows spread evenly including the last", () => {
    assert.deepEqual(shownRows(100, 4), [0, 1, 2, 3]);
    assert.deepEqual(shownRows(100, 4, "even"), [0, 33, 66, 99]);
  });
});

describe("capNote", () => {
  it("says how many rows and columns are shown, and nothing when all are", () => {
    assert.equal(capNote(784, 50, 28, 28), "共 784 行，只显示前 50 行");
    assert.equal(capNote(1000, 60, 2, 2, "even"), "共 1000 行，均匀抽取 60 行显示（含首尾）");
    assert.equal(capNote(40, 40, 64, 40), "共 64 列，只显示前 40 列");
    assert.equal(capNote(3, 3, 3, 3), "");
  });
});

describe("gridTableData", () => {
  it("names rows and columns by label, else by number", () => {
    assert.deepEqual(gridTableData([[1, 2], [3, 4]], { colLabels: ["I", "cat"] }), { columns: ["行＼列", "I", "cat"], rows: [["行 1", 1, 2], ["行 2", 3, 4]] });
  });
});

describe("lineTableData", () => {
  it("puts curves that share their x values side by side, a blank where one has no point", () => {
    const data = lineTableData([{ name: "训练", values: [{ x: 1, y: 0.5 }, { x: 2, y: 0.3 }] }, { name: "验证", values: [{ x: 2, y: 0.4 }] }], "轮", "损失");
    assert.deepEqual(data.columns, ["轮", "训练", "验证"]);
    assert.deepEqual(data.rows, [["1", 0.5, undefined], ["2", 0.3, 0.4]]);
  });
  it("lists curves with different x values point by point, sampling each evenly", () => {
    const curve = (name: string, offset: number) => ({ name, values: Array.from({ length: 100 }, (_, i) => ({ x: i + offset / 10, y: i })) });
    const data = lineTableData([curve("a", 1), curve("b", 2)], "秒", "损失", 10);
    assert.deepEqual(data.columns, ["系列", "秒", "损失"]);
    assert.equal(data.rows.length, 10);
    assert.deepEqual(data.rows[4], ["a", 99.1, 99]);
    assert.deepEqual(data.rows[5], ["b", 0.2, 0]);
    assert.match(data.note ?? "", /至多 5 个点/);
  });
});
