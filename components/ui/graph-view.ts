// Draws a scalar computational graph (components/nn/scalar-graph.ts) with D3: inputs on the
// left, the output on the right, each node showing its operation, value and gradient.
import * as d3 from "../charts/d3.js";
import { dataTable } from "../charts/data-table.js";
import { topologicalOrder, type Value } from "../nn/scalar-graph.js";

const NODE_W = 118;
const NODE_H = 50;
const GAP_X = 46;
const GAP_Y = 14;

const format = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));

/** Columns by depth (longest path from an input), so every edge points to the right. */
function layout(root: Value): Map<Value, { x: number; y: number }> {
  const depth = new Map<Value, number>();
  for (const node of topologicalOrder(root)) depth.set(node, node.inputs.length ? 1 + Math.max(...node.inputs.map((i) => depth.get(i)!)) : 0);
  const rows = new Map<number, number>();
  const positions = new Map<Value, { x: number; y: number }>();
  for (const [node, d] of depth) {
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    positions.set(node, { x: 4 + d * (NODE_W + GAP_X), y: 4 + row * (NODE_H + GAP_Y) });
  }
  return positions;
}

export function computationGraph(root: Value, doc: Document = document): HTMLDivElement {
  const positions = layout(root);
  const width = Math.max(...[...positions.values()].map((p) => p.x)) + NODE_W + 8;
  const height = Math.max(...[...positions.values()].map((p) => p.y)) + NODE_H + 8;
  const svg = d3.select(doc.createElementNS("http://www.w3.org/2000/svg", "svg") as SVGSVGElement)
    .attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img").attr("aria-label", describeGraph(root));
  for (const [node, p] of positions) {
    for (const input of node.inputs) {
      const q = positions.get(input)!;
      svg.append("path").attr("fill", "none").attr("stroke", "currentColor").attr("stroke-opacity", 0.45)
        .attr("d", `M${q.x + NODE_W},${q.y + NODE_H / 2} C${q.x + NODE_W + GAP_X / 2},${q.y + NODE_H / 2} ${p.x - GAP_X / 2},${p.y + NODE_H / 2} ${p.x},${p.y + NODE_H / 2}`);
    }
  }
  for (const [node, p] of positions) {
    const g = svg.append("g").attr("transform", `translate(${p.x},${p.y})`)
      .attr("data-node", node.label || node.op).attr("data-value", node.data).attr("data-grad", node.grad);
    g.append("rect").attr("width", NODE_W).attr("height", NODE_H).attr("rx", 6)
      .attr("fill", node.inputs.length ? "var(--theme-background-alt, #f4f4f4)" : "none").attr("stroke", "currentColor").attr("stroke-opacity", 0.6);
    const title = [node.op, node.label].filter(Boolean).join("  ") || "常数";
    g.append("text").attr("x", 8).attr("y", 15).attr("font-size", 12).attr("font-weight", "bold").attr("fill", "currentColor").text(title);
    g.append("text").attr("x", 8).attr("y", 30).attr("font-size", 11).attr("fill", "currentColor").text(`值 ${format(node.data)}`);
    g.append("text").attr("x", 8).attr("y", 44).attr("font-size", 11).attr("fill", "#c2410c").text(`梯度 ${format(node.grad)}`);
  }
  const box = doc.createElement("div");
  box.style.overflowX = "auto";
  box.dataset.output = "computation-graph";
  box.append(svg.node()!, dataTable("计算图的节点（从输入到输出）", () => ({ columns: ["节点", "运算", "输入", "值", "梯度"], rows: topologicalOrder(root).map((n) => [name(n), n.op || "输入", n.inputs.map(name).join("、"), n.data, n.grad]) }), doc));
  return box;
}

const name = (node: Value) => node.label || node.op || "常数";

/** The graph in words: its size, and the output's value and each input's gradient. */
export function describeGraph(root: Value): string {
  const nodes = topologicalOrder(root);
  const inputs = nodes.filter((n) => !n.inputs.length && n.label);
  const grads = inputs.map((n) => `∂/∂${n.label} = ${format(n.grad)}`).join("，");
  return `计算图：${nodes.length} 个节点，输出 ${name(root)} 的值 ${format(root.data)}${grads ? `；${grads}` : ""}`;
}
