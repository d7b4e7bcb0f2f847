// A line chart of one or more series (loss and accuracy curves, learning-rate schedules):
// a function of data and size that returns an SVG element, which then takes its
// container's width and is redrawn when that width changes (fit-width.ts). Its text
// alternative gives each curve's first, last, lowest and highest point, and the values are
// in a "查看数据表" table below it.
import * as d3 from "./d3.js";
import { withDataTable, lineTableData } from "./data-table.js";
import { describeLines } from "./describe.js";
import { fillWidth } from "./fit-width.js";

export interface Series {
  name: string;
  values: { x: number; y: number }[];
  color?: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  yDomain?: [number, number];
  /** "log" for quantities that shrink or grow exponentially (gradient norms). */
  yScale?: "linear" | "log";
}

/** `width` is the width drawn at until the chart is laid out; from then on it follows its
 * container. Returns the chart (an svg) with its data table, in one block element. */
export function lineChart(series: Series[], { width = 480, ...options }: LineChartOptions = {}): HTMLElement {
  const svg = fillWidth(width, (w) => drawLineChart(series, w, options));
  const { xLabel = "", yLabel = "" } = options;
  return withDataTable(svg, yLabel && xLabel ? `${yLabel} 随 ${xLabel} 的变化` : "折线图的数据", () => lineTableData(series, xLabel, yLabel));
}

function drawLineChart(series: Series[], width: number, { height = 220, xLabel = "", yLabel = "", yDomain, yScale = "linear" }: Omit<LineChartOptions, "width">): SVGSVGElement {
  const margin = { top: 12, right: 96, bottom: 32, left: 44 };
  const points = series.flatMap((s) => s.values);
  const x = d3
    .scaleLinear()
    .domain(d3.extent(points, (p) => p.x).map((v) => v ?? 0) as [number, number])
    .range([margin.left, width - margin.right]);
  const positive = points.filter((p) => p.y > 0).map((p) => p.y);
  const y = (
    yScale === "log"
      ? d3.scaleLog().domain(yDomain ?? ([d3.min(positive) ?? 1e-6, d3.max(positive) ?? 1] as [number, number]))
      : d3.scaleLinear().domain(yDomain ?? ([0, d3.max(points, (p) => p.y) ?? 1] as [number, number]))
  )
    .nice()
    .range([height - margin.bottom, margin.top]);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", describeLines(series, { xLabel, yLabel }));
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(Math.min(8, width / 60)).tickSizeOuter(0));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(yScale === "log" ? d3.axisLeft(y).ticks(5, "~e") : d3.axisLeft(y).ticks(5));
  svg.append("text").attr("x", width - margin.right).attr("y", height - 4).attr("text-anchor", "end").attr("font-size", 11).attr("fill", "currentColor").text(xLabel);
  svg.append("text").attr("x", 4).attr("y", margin.top - 2).attr("font-size", 11).attr("fill", "currentColor").text(yLabel);
  const color = d3.scaleOrdinal(d3.schemeTableau10);
  const line = d3
    .line<{ x: number; y: number }>()
    .defined((p) => Number.isFinite(p.y) && (yScale !== "log" || p.y > 0))
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  series.forEach((s, i) => {
    const stroke = s.color ?? color(s.name);
    svg.append("path").attr("fill", "none").attr("stroke", stroke).attr("stroke-width", 1.5).attr("stroke-dasharray", s.dashed ? "4 3" : null).attr("d", line(s.values)).attr("data-series", s.name);
    svg.append("text").attr("x", width - margin.right + 6).attr("y", margin.top + 14 * i + 8).attr("font-size", 11).attr("fill", stroke).text(s.name);
  });
  return svg.node()!;
}
