// Horizontal bars with a labelled value each and an optional reference line (training
// speed per backend against PyTorch): a function of data and size that returns an SVG,
// which then takes its container's width and is redrawn when that width changes.
import * as d3 from "./d3.js";
import { withDataTable } from "./data-table.js";
import { describeBarValues } from "./describe.js";
import { fillWidth } from "./fit-width.js";

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** The width drawn at until the chart is laid out; from then on it follows its container. */
  width?: number;
  barHeight?: number;
  unit?: string;
  reference?: { value: number; label: string };
}

/** The chart (an svg) with its data table below it, in one block element. */
export function barChart(bars: Bar[], { width = 560, ...options }: BarChartOptions = {}): HTMLElement {
  const svg = fillWidth(width, (w) => drawBarChart(bars, w, options));
  const unit = options.unit?.trim();
  return withDataTable(svg, "条形图的数据", () => ({ columns: ["项目", unit ? `数值（${unit}）` : "数值"], rows: bars.map((b) => [b.label, b.value]) }));
}

function drawBarChart(bars: Bar[], width: number, { barHeight = 26, unit = "", reference }: Omit<BarChartOptions, "width">): SVGSVGElement {
  const margin = { top: reference ? 20 : 4, right: 90, bottom: 4, left: 120 };
  const height = margin.top + bars.length * barHeight + margin.bottom;
  const max = d3.max([...bars.map((b) => b.value), reference?.value ?? 0]) ?? 1;
  const x = d3.scaleLinear().domain([0, max]).range([margin.left, width - margin.right]);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", describeBars(bars, unit, reference));
  svg.attr("data-bars", bars.length);
  const row = svg
    .selectAll("g")
    .data(bars)
    .join("g")
    .attr("transform", (_, i) => `translate(0,${margin.top + i * barHeight})`);
  row.append("text").attr("x", margin.left - 6).attr("y", barHeight / 2).attr("dy", "0.35em").attr("text-anchor", "end").attr("font-size", 12).attr("fill", "currentColor").text((d) => d.label);
  row.append("rect").attr("x", margin.left).attr("y", 3).attr("height", barHeight - 6).attr("width", (d) => Math.max(1, x(d.value) - margin.left)).attr("fill", "var(--theme-foreground-focus)");
  row.append("text").attr("x", (d) => x(d.value) + 4).attr("y", barHeight / 2).attr("dy", "0.35em").attr("font-size", 12).attr("fill", "currentColor").text((d) => `${d.value.toLocaleString("en-US", { maximumFractionDigits: 1 })}${unit}`);
  if (reference) {
    const rx = x(reference.value);
    svg.append("line").attr("x1", rx).attr("x2", rx).attr("y1", 14).attr("y2", height).attr("stroke", "#e4572e").attr("stroke-dasharray", "4 3");
    svg.append("text").attr("x", rx).attr("y", 11).attr("text-anchor", "middle").attr("font-size", 11).attr("fill", "#e4572e").text(reference.label);
  }
  return svg.node()!;
}

/** The chart as one sentence for a screen reader: the bars' values (all of them when few),
 * the largest and the smallest, and the reference line. */
export function describeBars(bars: Bar[], unit = "", reference?: { value: number; label: string }): string {
  return `条形图：${describeBarValues(bars, unit)}${reference ? `；参考线 ${reference.label}` : ""}`;
}
