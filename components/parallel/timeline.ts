// A Gantt chart of what each worker did when (5.1, src/ch5-1-parallel.md): one row per worker
// or stage, one bar per span, from real timestamps (ms since the epoch) or from a schedule's
// unit times. A function of data and width, like the book's other charts.
import * as d3 from "../charts/d3.js";
import { withDataTable } from "../charts/data-table.js";
import { formatNumber } from "../charts/describe.js";
import { fillWidth } from "../charts/fit-width.js";

export interface Span {
  row: string;
  start: number;
  end: number;
  kind: string;
  /** Text drawn inside the bar when it is wide enough (a micro-batch number). */
  label?: string;
}

const COLORS: Record<string, string> = {
  计算: "#4e79a7",
  前向: "#4e79a7",
  反向: "#f28e2b",
  通信: "#59a14f",
  更新: "#76b7b2",
  等待: "#d9d9d9",
  拖慢: "#e15759",
  空闲: "#eeeeee"
};

export interface TimelineOptions {
  width?: number;
  /** "ms" for measured spans, anything else is written on the axis as the unit. */
  unit?: string;
}

/** The chart (an `svg[data-chart=timeline]`) with its data table: every span, in time order. */
export function timeline(spans: Span[], { width = 640, unit = "ms" }: TimelineOptions = {}): HTMLElement {
  const svg = fillWidth(width, (w) => draw(spans, w, unit));
  svg.dataset.chart = "timeline";
  const origin = Math.min(...spans.map((s) => s.start));
  const time = unit === "ms" ? "毫秒" : "单位时间";
  const rows = () => ({
    columns: ["行", "类型", "标注", `开始（${time}）`, `结束（${time}）`, `时长（${time}）`],
    rows: [...spans].sort((a, b) => a.start - b.start).map((s) => [s.row, s.kind, s.label ?? "", s.start - origin, s.end - origin, s.end - s.start]),
    maxRows: 200
  });
  return withDataTable(svg, "时间线", rows);
}

/** Per row, the total time of each kind of span, and the whole length. */
export function describeTimeline(spans: Span[], unit = "ms"): string {
  if (!spans.length) return "时间线：没有数据";
  const rows = [...new Set(spans.map((s) => s.row))];
  const total = Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
  const u = unit === "ms" ? " 毫秒" : "";
  const perRow = rows.map((row) => {
    const kinds = new Map<string, number>();
    for (const s of spans) if (s.row === row) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + s.end - s.start);
    return `${row}：${[...kinds].map(([k, t]) => `${k} ${formatNumber(t)}${u}`).join("，")}`;
  });
  return `时间线，共 ${formatNumber(total)}${u}${unit === "ms" ? "" : `（${unit}）`}。${perRow.join("；")}。`;
}

function draw(spans: Span[], width: number, unit: string): SVGSVGElement {
  const rows = [...new Set(spans.map((s) => s.row))];
  const kinds = [...new Set(spans.map((s) => s.kind))];
  const origin = d3.min(spans, (s) => s.start) ?? 0;
  const margin = { top: 8, right: 12, bottom: 46, left: 96 };
  const rowHeight = 22;
  const height = margin.top + rows.length * rowHeight + margin.bottom;
  const x = d3
    .scaleLinear()
    .domain([0, Math.max(1e-9, (d3.max(spans, (s) => s.end) ?? 1) - origin)])
    .range([margin.left, width - margin.right]);
  const y = d3.scaleBand().domain(rows).range([margin.top, margin.top + rows.length * rowHeight]).padding(0.2);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", describeTimeline(spans, unit));
  svg.append("g").attr("transform", `translate(0,${margin.top + rows.length * rowHeight})`).call(d3.axisBottom(x).ticks(Math.min(8, width / 70)).tickSizeOuter(0));
  svg.append("text").attr("x", width - margin.right).attr("y", height - 18).attr("text-anchor", "end").attr("font-size", 11).attr("fill", "currentColor").text(unit === "ms" ? "时间（毫秒）" : unit);
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).tickSizeOuter(0));
  svg
    .append("g")
    .selectAll("rect")
    .data(spans.filter((s) => s.end > s.start))
    .join("rect")
    .attr("x", (s) => x(s.start - origin))
    .attr("y", (s) => y(s.row)!)
    .attr("width", (s) => Math.max(0.5, x(s.end - origin) - x(s.start - origin)))
    .attr("height", y.bandwidth())
    .attr("fill", (s) => COLORS[s.kind] ?? "#b07aa1")
    .attr("data-kind", (s) => s.kind)
    .append("title")
    .text((s) => `${s.row} ${s.kind}${s.label ? ` ${s.label}` : ""}：${(s.end - s.start).toFixed(2)} ${unit === "ms" ? "ms" : ""}`);
  svg
    .append("g")
    .selectAll("text")
    .data(spans.filter((s) => s.label && x(s.end - origin) - x(s.start - origin) > 12))
    .join("text")
    .attr("x", (s) => (x(s.start - origin) + x(s.end - origin)) / 2)
    .attr("y", (s) => y(s.row)! + y.bandwidth() / 2 + 4)
    .attr("text-anchor", "middle")
    .attr("font-size", 10)
    .attr("fill", "#fff")
    .text((s) => s.label!);
  const legend = svg.append("g").attr("transform", `translate(${margin.left},${height - 8})`);
  kinds.forEach((kind, i) => {
    legend.append("rect").attr("x", i * 64).attr("y", -9).attr("width", 10).attr("height", 10).attr("fill", COLORS[kind] ?? "#b07aa1");
    legend.append("text").attr("x", i * 64 + 14).attr("y", 0).attr("font-size", 11).attr("fill", "currentColor").text(kind);
  });
  return svg.node()!;
}
