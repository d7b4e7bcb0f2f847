// The learned policy on the grid world: each cell coloured by its value max_a Q(s, a) and
// marked with the greedy action; walls, trap and goal labelled; the greedy path outlined in orange.
import * as d3 from "../charts/d3.js";
import { shrinkToFit } from "../charts/fit-width.js";
import { formatNumber } from "../charts/describe.js";
import { ACTIONS, argmax, greedyPath, type GridWorld } from "./gridworld.js";

export function policyGrid(world: GridWorld, q: number[][], { cell = 48 } = {}): SVGSVGElement {
  const width = world.cols * cell;
  const height = world.rows * cell;
  const values = q.map((row) => Math.max(...row));
  const color = d3.scaleDiverging(d3.interpolateRdBu).domain([-1, 0, 1]);
  const onPath = new Set(greedyPath(world, q));
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("data-chart", "policy").attr("role", "img").attr("aria-label", describePolicy(world, q)).style("font", `${Math.round(cell * 0.4)}px sans-serif`);
  for (let s = 0; s < world.states; ++s) {
    const r = Math.floor(s / world.cols);
    const c = s % world.cols;
    const kind = world.cells[r][c];
    const g = svg.append("g").attr("transform", `translate(${c * cell},${r * cell})`).attr("data-state", s);
    const fill = kind === "#" ? "#555" : kind === "G" ? "#59a14f" : kind === "T" ? "#e15759" : color(values[s]);
    g.append("rect").attr("width", cell - 1).attr("height", cell - 1).attr("fill", fill).attr("stroke", onPath.has(s) && kind !== "#" ? "#f28e2b" : "none").attr("stroke-width", 3);
    const text = kind === "#" ? "" : kind === "G" ? "终点" : kind === "T" ? "陷阱" : ACTIONS[argmax(q[s])];
    g.append("text").attr("x", cell / 2).attr("y", cell / 2).attr("dy", "0.35em").attr("text-anchor", "middle").attr("fill", (kind === "." || kind === "S") && Math.abs(values[s]) < 0.5 ? "black" : "white").attr("data-action-arrow", kind === "." || kind === "S" ? text : null).text(text);
    g.append("title").text(kind === "#" ? "墙" : `状态 ${s}：max Q = ${values[s].toFixed(3)}`);
  }
  return shrinkToFit(svg.node()!);
}

/** The policy in one sentence for a screen reader: the grid, the range of max Q over open
 * cells, and where the greedy path from the start ends and after how many steps. */
export function describePolicy(world: GridWorld, q: number[][]): string {
  const open = q.map((row, s) => ({ s, v: Math.max(...row) })).filter(({ s }) => world.cells[Math.floor(s / world.cols)][s % world.cols] !== "#");
  const values = open.map((o) => o.v);
  const path = greedyPath(world, q);
  const end = path[path.length - 1];
  const kind = world.cells[Math.floor(end / world.cols)][end % world.cols];
  const outcome = kind === "G" ? "到达终点" : kind === "T" ? "掉进陷阱" : "没有走到终点或陷阱";
  return `网格世界上学到的策略：${world.rows}×${world.cols} 格，各格 max Q 从 ${formatNumber(Math.min(...values))} 到 ${formatNumber(Math.max(...values))}；从起点按贪心动作走 ${path.length - 1} 步，${outcome}。`;
}
