// Optimiser paths over the contour lines of a function of two variables (第4章 4.2): d3.contours
// on a grid of the function's values, one polyline per optimiser.
import * as d3 from "../charts/d3-contours.js";
import { withDataTable, shownRows } from "../charts/data-table.js";
import { formatNumber } from "../charts/describe.js";
import { fillWidth } from "../charts/fit-width.js";

export interface PathSeries {
  name: string;
  points: [number, number][];
  color: string;
}

export interface ContourOptions {
  /** [xmin, xmax] and [ymin, ymax] of the drawn window. */
  x: [number, number];
  y: [number, number];
  width?: number;
  height?: number;
  levels?: number;
}

/** An SVG of f's contours (log-spaced levels) with each path drawn over them; follows its
 * container's width. Returned with its data table (each path's points, sampled evenly). */
export function contourPlot(f: (x: number, y: number) => number, paths: PathSeries[], { width = 560, ...options }: ContourOptions): HTMLElement {
  const svg = fillWidth(width, (w) => draw(f, paths, w, options));
  const per = 20;
  const rows = () => ({
    columns: ["优化器", "步", "x", "y", "f(x, y)"],
    rows: paths.flatMap((p) => shownRows(p.points.length, per, "even").map((i) => [p.name, i, p.points[i][0], p.points[i][1], f(...p.points[i])])),
    maxRows: Infinity,
    note: paths.some((p) => p.points.length > per) ? `每条路径均匀抽取至多 ${per} 个点（含起点和终点）` : undefined
  });
  return withDataTable(svg, "各优化器的路径", rows);
}

/** The plot in words: the window, and for each path its start, its end and f there. */
export function describePaths(f: (x: number, y: number) => number, paths: PathSeries[], xRange: [number, number], yRange: [number, number]): string {
  const at = ([x, y]: [number, number]) => `(${formatNumber(x)}, ${formatNumber(y)})（f = ${formatNumber(f(x, y))}）`;
  const each = paths.map((p) => (p.points.length ? `${p.name}：${p.points.length - 1} 步，从 ${at(p.points[0])}到 ${at(p.points[p.points.length - 1])}` : `${p.name}：没有点`));
  return `等高线图，x 从 ${formatNumber(xRange[0])} 到 ${formatNumber(xRange[1])}，y 从 ${formatNumber(yRange[0])} 到 ${formatNumber(yRange[1])}。${each.join("；")}。`;
}

function draw(f: (x: number, y: number) => number, paths: PathSeries[], width: number, { x: xRange, y: yRange, height = 320, levels = 14 }: Omit<ContourOptions, "width">): SVGSVGElement {
  const margin = { top: 8, right: 8, bottom: 28, left: 36 };
  const x = d3.scaleLinear().domain(xRange).range([margin.left, width - margin.right]);
  const y = d3.scaleLinear().domain(yRange).range([height - margin.bottom, margin.top]);
  const [nx, ny] = [80, 48];
  const grid: number[] = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) grid.push(f(xRange[0] + ((xRange[1] - xRange[0]) * i) / (nx - 1), yRange[1] - ((yRange[1] - yRange[0]) * j) / (ny - 1)));
  const [low, high] = d3.extent(grid.filter((v) => v > 0)) as [number, number];
  // Levels evenly spaced in log: a quadratic's valley floor and its walls both get lines.
  const thresholds = d3.range(1, levels + 1).map((k) => low * (high / low) ** (k / (levels + 1)));
  const cell = d3.scaleLinear().domain([0, nx - 1]).range([margin.left, width - margin.right]);
  const row = d3.scaleLinear().domain([0, ny - 1]).range([margin.top, height - margin.bottom]);
  const project = d3.geoTransform({ point(px, py) { this.stream.point(cell(px), row(py)); } });
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height).attr("data-chart", "contour");
  svg.attr("role", "img").attr("aria-label", describePaths(f, paths, xRange, yRange));
  svg.append("g").attr("fill", "none").attr("stroke", "#bbb").selectAll("path").data(d3.contours().size([nx, ny]).thresholds(thresholds)(grid)).join("path").attr("d", d3.geoPath(project));
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(5));
  const clip = (v: number, [a, b]: [number, number]) => Math.max(a - (b - a), Math.min(b + (b - a), v));
  const line = d3.line<[number, number]>().x((p) => x(clip(p[0], xRange))).y((p) => y(clip(p[1], yRange)));
  const drawn = svg.append("g").attr("fill", "none").attr("stroke-width", 1.5);
  paths.forEach((path, k) => {
    drawn.append("path").attr("d", line(path.points)).attr("stroke", path.color).attr("data-series", path.name);
    svg.append("text").attr("x", width - margin.right - 4).attr("y", margin.top + 14 + 16 * k).attr("text-anchor", "end").attr("fill", path.color).attr("font-size", 12).text(path.name);
  });
  return svg.node() as SVGSVGElement;
}
