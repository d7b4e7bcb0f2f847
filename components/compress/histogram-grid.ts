// A histogram of one layer's weights with the quantisation grid drawn over it (5.3.1):
// every value a b-bit quantised weight can take is a vertical line, so the reader sees how
// coarse 2 or 3 bits are next to where the weights actually lie. Follows its container's
// width like the book's other charts (fit-width.ts).
import * as d3 from "../charts/d3.js";
import { withDataTable } from "../charts/data-table.js";
import { describeHistogram, formatNumber } from "../charts/describe.js";
import { fillWidth } from "../charts/fit-width.js";

export interface HistogramGridOptions {
  width?: number;
  height?: number;
  bins?: number;
  /** Positions of the quantisation levels. */
  grid?: number[];
  xLabel?: string;
}

/** The chart (an `svg[data-chart=histogram]`) with its data table: the bins and the levels. */
export function histogramWithGrid(values: ArrayLike<number>, { width = 560, ...options }: HistogramGridOptions = {}): HTMLElement {
  const all = Array.from(values);
  const svg = fillWidth(width, (w) => draw(all, w, options));
  const { bins = 80, grid = [] } = options;
  const rows = () => {
    const buckets = binned(all, grid, bins);
    const levels = grid.map((g) => ["量化格点", formatNumber(g), ""]);
    return { columns: ["格", "区间", "个数"], rows: [...buckets.map((b, i) => [`第 ${i + 1} 格`, `${formatNumber(b.x0)} 到 ${formatNumber(b.x1)}`, b.count]), ...levels], maxRows: 200 };
  };
  return withDataTable(svg, `${options.xLabel ?? "权重值"}的直方图与量化格点`, rows);
}

/** d3.bin over the domain that the chart's x axis shows. */
function binned(values: number[], grid: number[], bins: number) {
  const [lo, hi] = d3.extent([...values, ...grid]) as [number, number];
  const domain = d3.scaleLinear().domain([lo, hi]).nice().domain() as [number, number];
  return d3.bin().domain(domain).thresholds(bins)(values).map((b) => ({ x0: b.x0 ?? 0, x1: b.x1 ?? 0, count: b.length }));
}

function draw(values: number[], width: number, { height = 200, bins = 80, grid = [], xLabel = "权重值" }: Omit<HistogramGridOptions, "width">): SVGSVGElement {
  const margin = { top: 10, right: 12, bottom: 30, left: 48 };
  const [lo, hi] = d3.extent([...values, ...grid]) as [number, number];
  const x = d3.scaleLinear().domain([lo, hi]).nice().range([margin.left, width - margin.right]);
  const buckets = d3.bin().domain(x.domain() as [number, number]).thresholds(bins)(values);
  const y = d3
    .scaleLinear()
    .domain([0, d3.max(buckets, (b) => b.length) ?? 1])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", `${describeHistogram(binned(values, grid, bins), xLabel)}；${grid.length} 个量化格点${grid.length ? `，从 ${formatNumber(Math.min(...grid))} 到 ${formatNumber(Math.max(...grid))}` : ""}`);
  svg.attr("data-chart", "histogram").attr("data-grid", grid.length);
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(Math.min(8, width / 70)));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(4));
  svg.append("text").attr("x", width - margin.right).attr("y", height - 2).attr("text-anchor", "end").attr("font-size", 11).attr("fill", "currentColor").text(xLabel);
  svg
    .append("g")
    .attr("fill", "steelblue")
    .selectAll("rect")
    .data(buckets)
    .join("rect")
    .attr("x", (b) => x(b.x0 ?? 0) + 0.5)
    .attr("width", (b) => Math.max(0, x(b.x1 ?? 0) - x(b.x0 ?? 0) - 1))
    .attr("y", (b) => y(b.length))
    .attr("height", (b) => y(0) - y(b.length));
  svg
    .append("g")
    .attr("stroke", "#d62728")
    .attr("stroke-width", 1)
    .attr("data-grid-lines", grid.length)
    .selectAll("line")
    .data(grid)
    .join("line")
    .attr("x1", (g) => x(g))
    .attr("x2", (g) => x(g))
    .attr("y1", margin.top)
    .attr("y2", height - margin.bottom);
  return svg.node()!;
}
