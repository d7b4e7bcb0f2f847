// The search's results as a scatter (5.4 节): accuracy against parameters (log scale), each
// point's area growing with its measured latency, the Pareto front joined by a line and
// drawn solid. A function of data and size that returns an SVG (it follows its container).
import * as d3 from "../charts/d3.js";
import { withDataTable } from "../charts/data-table.js";
import { formatNumber } from "../charts/describe.js";
import { fillWidth } from "../charts/fit-width.js";
import { paretoFront, type Candidate } from "./pareto.js";

export interface ParetoPoint extends Candidate {
  label: string;
}

/** The chart (an `svg[data-chart=pareto]`) with its data table: every structure measured. */
export function paretoChart(points: readonly ParetoPoint[], { width = 560, height = 260 } = {}): HTMLElement {
  const svg = fillWidth(width, (w) => drawParetoChart(points, w, height));
  const rows = () => {
    const front = new Set(paretoFront(points));
    return { columns: ["结构", "参数量", "验证集准确率（%）", "每批延迟（ms）", "在帕累托前沿上"], rows: points.map((p, i) => [p.label, p.params, p.accuracy * 100, p.latencyMs, front.has(i) ? "是" : "否"]), maxRows: 200 };
  };
  return withDataTable(svg, "搜索到的结构", rows);
}

/** The front in words: its size, and its smallest and its most accurate structure. */
export function describePareto(points: readonly ParetoPoint[]): string {
  const front = paretoFront(points).map((i) => points[i]);
  if (!front.length) return `${points.length} 个结构的准确率与参数量：没有数据`;
  const smallest = front.reduce((a, b) => (b.params < a.params ? b : a));
  const best = front.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const at = (p: ParetoPoint) => `${p.label}（${formatNumber(p.params)} 个参数，准确率 ${formatNumber(p.accuracy * 100)}%）`;
  return `${points.length} 个结构的准确率与参数量，帕累托前沿 ${front.length} 个：最小的是 ${at(smallest)}，最准的是 ${at(best)}`;
}

function drawParetoChart(points: readonly ParetoPoint[], width: number, height: number): SVGSVGElement {
  const margin = { top: 12, right: 16, bottom: 36, left: 48 };
  const front = new Set(paretoFront(points));
  const x = d3
    .scaleLog()
    .domain(d3.extent(points, (p) => p.params).map((v, i) => (v ?? 1) * (i ? 1.3 : 0.77)) as [number, number])
    .range([margin.left, width - margin.right]);
  const low = d3.min(points, (p) => p.accuracy) ?? 0;
  const y = d3.scaleLinear().domain([Math.max(0, low - 0.05), 1]).range([height - margin.bottom, margin.top]);
  const r = d3.scaleSqrt().domain([0, d3.max(points, (p) => p.latencyMs) ?? 1]).range([2, 10]);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("data-chart", "pareto");
  svg.attr("aria-label", describePareto(points));
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(5, "~s"));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5, "%"));
  svg.append("text").attr("x", width - margin.right).attr("y", height - 4).attr("text-anchor", "end").attr("font-size", 11).attr("fill", "currentColor").text("参数量（对数刻度）");
  svg.append("text").attr("x", margin.left).attr("y", margin.top - 2).attr("font-size", 11).attr("fill", "currentColor").text("验证集准确率");
  const frontPoints = points.filter((_, i) => front.has(i)).sort((a, b) => a.params - b.params);
  svg
    .append("path")
    .attr("d", d3.line<ParetoPoint>((p) => x(p.params), (p) => y(p.accuracy)).curve(d3.curveStepAfter)(frontPoints) ?? "")
    .attr("fill", "none")
    .attr("stroke", "#d62728")
    .attr("stroke-width", 1.5);
  svg
    .append("g")
    .selectAll("circle")
    .data(points)
    .join("circle")
    .attr("cx", (p) => x(p.params))
    .attr("cy", (p) => y(p.accuracy))
    .attr("r", (p) => r(p.latencyMs))
    .attr("data-front", (_, i) => String(front.has(i)))
    .attr("fill", (_, i) => (front.has(i) ? "#d62728" : "none"))
    .attr("fill-opacity", 0.6)
    .attr("stroke", (_, i) => (front.has(i) ? "#d62728" : "#1f77b4"))
    .append("title")
    .text((p) => `${p.label}：准确率 ${(p.accuracy * 100).toFixed(1)}%，${p.params.toLocaleString("en-US")} 个参数，每批 ${p.latencyMs.toFixed(1)} ms`);
  return svg.node()!;
}
