// Text alternatives of the chart views outside components/charts/ (timeline, Pareto front,
// computation graph, optimiser paths): the key numbers come from the data drawn.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeTimeline } from "../../components/parallel/timeline.js";
import { describePareto } from "../../components/nas/pareto-chart.js";
import { describeGraph } from "../../components/ui/graph-view.js";
import { describePaths } from "../../components/optim/trajectory-plot.js";
import { value } from "../../components/nn/scalar-graph.js";

describe("chart views' text alternatives", () => {
  it("a timeline: the whole length and each row's time per kind", () => {
    const spans = [
      { row: "GPU 0", start: 100, end: 130, kind: "计算" },
      { row: "GPU 0", start: 130, end: 135, kind: "通信" },
      { row: "GPU 1", start: 100, end: 150, kind: "计算" }
    ];
    assert.equal(describeTimeline(spans), "时间线，共 50 毫秒。GPU 0：计算 30 毫秒，通信 5 毫秒；GPU 1：计算 50 毫秒。");
  });
  it("a Pareto front: its size, its smallest and its most accurate structure", () => {
    const points = [
      { label: "A", accuracy: 0.9, params: 1000, latencyMs: 1 },
      { label: "B", accuracy: 0.95, params: 5000, latencyMs: 2 },
      { label: "C", accuracy: 0.85, params: 6000, latencyMs: 3 }
    ];
    assert.equal(describePareto(points), "3 个结构的准确率与参数量，帕累托前沿 2 个：最小的是 A（1000 个参数，准确率 90%），最准的是 B（5000 个参数，准确率 95%）");
  });
  it("a computation graph: the output's value and each input's gradient", () => {
    const a = value(2, "a");
    const b = value(-3, "b");
    const out = a.mul(b, "L");
    out.backward();
    assert.equal(describeGraph(out), "计算图：3 个节点，输出 L 的值 -6；∂/∂a = -3，∂/∂b = 2");
  });
  it("optimiser paths: the window and each path's start and end with f there", () => {
    const f = (x: number, y: number) => x * x + y * y;
    assert.equal(
      describePaths(f, [{ name: "SGD", color: "red", points: [[2, 1], [1, 0.5], [0.5, 0.25]] }], [-5, 5], [-2, 2]),
      "等高线图，x 从 -5 到 5，y 从 -2 到 2。SGD：2 步，从 (2, 1)（f = 5）到 (0.5, 0.25)（f = 0.313）。"
    );
  });
});
