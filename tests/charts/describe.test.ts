// The charts' text alternatives: the numbers a reader takes from a chart, computed from its data.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeBarValues, describeConfusion, describeGrid, describeHistogram, describeLines, describeMap, describeMaps, describeScatter, describeWeights, extremes, formatNumber } from "../../components/charts/describe.js";

describe("formatNumber", () => {
  it("writes integers as they are and other numbers to three significant digits", () => {
    assert.equal(formatNumber(42), "42");
    assert.equal(formatNumber(-3), "-3");
    assert.equal(formatNumber(0.123456), "0.123");
    assert.equal(formatNumber(2.5), "2.5");
    assert.equal(formatNumber(12.345), "12.3");
    assert.equal(formatNumber(627.53), "627.5");
    assert.equal(formatNumber(2017.46), "2017.5");
  });
  it("uses e-notation for very small and very large magnitudes, and names non-finite values", () => {
    assert.equal(formatNumber(0.000123), "1.23e-4");
    assert.equal(formatNumber(1e-5), "1e-5");
    assert.equal(formatNumber(1.75e11), "1.75e+11");
    assert.equal(formatNumber(NaN), "NaN");
    assert.equal(formatNumber(-Infinity), "−∞");
  });
});

describe("extremes", () => {
  it("finds the first minimum and maximum, skipping NaN and infinities", () => {
    assert.deepEqual(extremes([3, NaN, 1, 7, Infinity, 1, 7]), { min: 1, max: 7, argmin: 2, argmax: 3 });
    assert.deepEqual(extremes([NaN]), { min: Infinity, max: -Infinity, argmin: -1, argmax: -1 });
  });
});

describe("describeLines", () => {
  it("gives each curve's first, last, lowest and highest point with its x", () => {
    const loss = { name: "训练损失", values: [{ x: 1, y: 2.3 }, { x: 2, y: 0.9 }, { x: 3, y: 0.41 }, { x: 4, y: 0.52 }] };
    assert.equal(
      describeLines([loss], { xLabel: "epoch", yLabel: "loss" }),
      "折线图，loss 随 epoch 的变化。训练损失：从 2.3（epoch = 1）到 0.52（epoch = 4），最低 0.41（epoch = 3），最高 2.3（epoch = 1）。"
    );
  });
  it("skips points that are not finite and says when a curve has none", () => {
    const text = describeLines([{ name: "a", values: [{ x: 0, y: NaN }, { x: 1, y: 5 }] }, { name: "b", values: [] }], { xLabel: "步", yLabel: "损失" });
    assert.equal(text, "折线图，损失 随 步 的变化。a：5（步 = 1）；b：没有数据。");
  });
});

describe("describeGrid", () => {
  it("states the size, the range and where the extremes are, by label where there are labels", () => {
    assert.equal(describeGrid([[0, 0.5], [1, 0.25], [0.1, 0]], { title: "对齐" }), "对齐：3×2 热力图，数值从 0（第 1 行第 1 列）到 1（第 2 行第 1 列）。");
    assert.equal(describeGrid([[0.1, 0.9], [0.7, 0.3]], { rowLabels: ["我", "猫"], colLabels: ["I", "cat"] }), "2×2 热力图，数值从 0.1（行“我”列“I”）到 0.9（行“我”列“cat”）。");
  });
  it("handles a constant grid and an empty one", () => {
    assert.equal(describeGrid([[1, 1], [1, 1]]), "2×2 热力图，所有格的值都是 1。");
    assert.equal(describeGrid([]), "0×0 热力图，没有数据。");
  });
});

describe("describeBarValues", () => {
  it("lists few bars and names the largest and smallest", () => {
    assert.equal(describeBarValues([{ label: "wasm", value: 627.53 }, { label: "webgl", value: 18.9 }], " 样本/秒"), "wasm 627.5 样本/秒，webgl 18.9 样本/秒；最大 wasm（627.5 样本/秒），最小 webgl（18.9 样本/秒）");
  });
  it("only counts many bars", () => {
    const bars = Array.from({ length: 9 }, (_, i) => ({ label: `b${i}`, value: i * i }));
    assert.equal(describeBarValues(bars), "9 项；最大 b8（64），最小 b0（0）");
  });
});

describe("describeConfusion", () => {
  it("gives the number of samples, the share on the diagonal and the most frequent mistake", () => {
    const counts = [
      [50, 2, 0],
      [1, 40, 7],
      [0, 3, 47]
    ];
    assert.equal(describeConfusion(counts), "混淆矩阵（3×3，行是真实类别，列是预测类别）：共 150 个样本，对角线上（预测正确）137 个，占 91.3%；最常见的错误是把 1 认成 2（7 个）。");
  });
  it("says when there are no mistakes or no samples", () => {
    assert.match(describeConfusion([[3, 0], [0, 2]], ["猫", "狗"]), /占 100%；没有错误。$/);
    assert.match(describeConfusion([[0, 0], [0, 0]]), /没有样本/);
  });
});

describe("describeMaps and describeMap", () => {
  const maps = [
    [[0, 1], [2, 3]],
    [[0, 9], [0, 0]]
  ];
  it("gives the shared range and the map holding the maximum", () => {
    assert.equal(describeMaps(maps), "2 张 2×2 的图，数值从 0 到 9，最大值在通道 2。");
    assert.equal(describeMaps([]), "没有图");
  });
  it("labels one map with its range and the position of its maximum", () => {
    assert.equal(describeMap(maps[0], "通道 1"), "通道 1：2×2，最小 0，最大 3（第 2 行第 2 列）");
  });
});

describe("describeWeights", () => {
  it("names the heaviest words with their share", () => {
    assert.equal(describeWeights(["免费", "的", "奖品", "今天"], [0.5, 0.05, 0.3, 0.15], 2), "4 个词的注意力权重，最高的是 “免费” 50%、“奖品” 30%");
  });
});

describe("describeScatter", () => {
  it("counts points per group and names the lowest and highest", () => {
    const points = [
      { x: 2012, y: 6e7, group: "vision", label: "AlexNet" },
      { x: 2020, y: 1.75e11, group: "language", label: "GPT-3" },
      { x: 2018, y: 3.4e8, group: "language", label: "BERT" }
    ];
    assert.equal(
      describeScatter(points, { xLabel: "年份", yLabel: "参数量", groupLabels: { vision: "视觉" } }),
      "散点图，参数量 对 年份：3 个点（视觉 1 个，language 2 个）；最低 AlexNet（年份 2012，参数量 6e+7），最高 GPT-3（年份 2020，参数量 1.75e+11）。"
    );
  });
});

describe("describeHistogram", () => {
  it("gives the count, the range of filled bins and the fullest bin", () => {
    const bins = [
      { x0: -1, x1: -0.5, count: 0 },
      { x0: -0.5, x1: 0, count: 4 },
      { x0: 0, x1: 0.5, count: 9 },
      { x0: 0.5, x1: 1, count: 1 }
    ];
    assert.equal(describeHistogram(bins, "权重"), "权重的直方图：14 个值，分布在 -0.5 到 1 之间，最多的一格是 0 到 0.5（9 个）");
  });
});
