// A scatter of quantities that span many orders of magnitude against time (第1章: model
// parameters and training compute): logarithmic y axis, one colour per group, a tooltip
// and a details line on hover, optional fitted lines drawn over the points. Its text
// alternative names the lowest and highest point; every point is in a "查看数据表" table.
import * as d3 from "./d3.js";
import { withDataTable } from "./data-table.js";
import { describeScatter } from "./describe.js";
import { fillWidth } from "./fit-width.js";

export interface ScatterPoint {
  x: number;
  y: number;
  group: string;
  label: string;
  /** Shown on hover. */
  details: string;
}

export interface ScatterLine {
  name: string;
  from: number;
  to: number;
  y(x: number): number;
  dashed?: boolean;
}

export interface LogScatterOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Group → colour; groups missing here get d3's category colours. */
  colors?: Record<string, string>;
  /** Group → legend text. */
  groupLabels?: Record<string, string>;
  /** Points whose label is written beside them. */
  labelled?: string[];
}

/** `width` is the width until laid out; afterwards the chart follows its container. Returns
 * the chart (an svg) and its data table in one block element. */
export function logScatter(points: ScatterPoint[], lines: ScatterLine[] = [], { width = 640, ...options }: LogScatterOptions = {}): HTMLElement {
  const svg = fillWidth(width, (w) => drawLogScatter(points, lines, w, options));
  const { xLabel = "x", yLabel = "y", groupLabels = {} } = options;
  const rows = () => ({ columns: ["名称", xLabel, yLabel, "类别"], rows: [...points].sort((a, b) => a.x - b.x).map((p) => [p.label, p.x, p.y, groupLabels[p.group] ?? p.group]), maxRows: 200 });
  return withDataTable(svg, `${yLabel} 对 ${xLabel}`, rows);
}

function drawLogScatter(points: ScatterPoint[], lines: ScatterLine[], width: number, { height = 340, xLabel = "", yLabel = "", colors = {}, groupLabels = {}, labelled = [] }: Omit<LogScatterOptions, "width">): SVGSVGElement {
  const margin = { top: 28, right: 16, bottom: 36, left: 58 };
  const positive = points.filter((p) => p.y > 0);
  const [x0, x1] = d3.extent(positive, (p) => p.x) as [number, number];
  const [y0, y1] = d3.extent(positive, (p) => p.y) as [number, number];
  const x = d3.scaleLinear().domain([Math.floor(x0 ?? 0), Math.ceil(x1 ?? 1)]).range([margin.left, width - margin.right]);
  const y = d3.scaleLog().domain([10 ** Math.floor(Math.log10(y0 ?? 1)), 10 ** Math.ceil(Math.log10(y1 ?? 10))]).range([height - margin.bottom, margin.top]);
  const groups = [...new Set(positive.map((p) => p.group))];
  const fallback = d3.scaleOrdinal<string, string>(d3.schemeTableau10).domain(groups);
  const color = (group: string) => colors[group] ?? fallback(group);

  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("data-chart", "log-scatter").style("font", "11px sans-serif");
  const fits = lines.map((l) => `${l.name}（${l.from} 年 ${d3.format(".2~e")(l.y(l.from))} 到 ${l.to} 年 ${d3.format(".2~e")(l.y(l.to))}）`);
  svg.attr("role", "img").attr("aria-label", describeScatter(positive, { xLabel, yLabel, groupLabels }) + (fits.length ? `${fits.join("；")}。` : ""));
  const decades = d3.range(Math.log10(y.domain()[0]), Math.log10(y.domain()[1]) + 1).map((e) => 10 ** e);
  svg
    .append("g")
    .attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).ticks(Math.min(12, Math.round(width / 60))).tickFormat(d3.format("d")))
    .call((g) => g.append("text").attr("x", width - margin.right).attr("y", 30).attr("fill", "currentColor").attr("text-anchor", "end").text(xLabel));
  svg
    .append("g")
    .attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).tickValues(decades).tickFormat((v) => `10^${Math.round(Math.log10(Number(v)))}`.replace(/\^(-?\d+)/, (_, e) => superscript(e))))
    .call((g) => g.selectAll(".tick line").clone().attr("x2", width - margin.left - margin.right).attr("stroke-opacity", 0.1))
    .call((g) => g.append("text").attr("x", -margin.left + 4).attr("y", margin.top - 14).attr("fill", "currentColor").attr("text-anchor", "start").text(yLabel));

  for (const line of lines) {
    const xs = d3.range(line.from, line.to, (line.to - line.from) / 50).concat(line.to);
    const inside = xs.filter((v) => line.y(v) >= y.domain()[0] && line.y(v) <= y.domain()[1]);
    svg
      .append("path")
      .attr("data-line", line.name)
      .attr("fill", "none")
      .attr("stroke", "currentColor")
      .attr("stroke-width", 1.5)
      .attr("stroke-dasharray", line.dashed ? "5 4" : null)
      .attr("d", d3.line<number>().x((v) => x(v)).y((v) => y(line.y(v)))(inside));
  }

  const details = svg.append("text").attr("x", margin.left + 6).attr("y", margin.top + 2).attr("data-hover", "").attr("fill", "currentColor");
  svg
    .append("g")
    .selectAll("circle")
    .data(positive)
    .join("circle")
    .attr("cx", (p) => x(p.x))
    .attr("cy", (p) => y(p.y))
    .attr("r", 4.5)
    .attr("fill", (p) => color(p.group))
    .attr("fill-opacity", 0.85)
    .attr("stroke", "white")
    .attr("stroke-width", 0.6)
    .attr("data-name", (p) => p.label)
    .on("pointerenter", (_, p) => details.text(p.details))
    .on("pointerleave", () => details.text(""))
    .append("title")
    .text((p) => p.details);

  svg
    .append("g")
    .selectAll("text")
    .data(positive.filter((p) => labelled.includes(p.label)))
    .join("text")
    .attr("x", (p) => x(p.x) + 6)
    .attr("y", (p) => y(p.y) + 4)
    .attr("fill", "currentColor")
    .attr("pointer-events", "none")
    .text((p) => p.label);

  const legend = svg.append("g").attr("transform", `translate(${width - margin.right},${height - margin.bottom - 8})`).attr("text-anchor", "end");
  groups.forEach((group, i) => {
    const row = legend.append("g").attr("transform", `translate(0,${-i * 14})`).attr("data-legend", group);
    row.append("circle").attr("cx", -4).attr("cy", -4).attr("r", 4).attr("fill", color(group));
    row.append("text").attr("x", -12).attr("fill", "currentColor").text(groupLabels[group] ?? group);
  });
  return svg.node()!;
}

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
const superscript = (digits: string) => [...digits].map((c) => SUPERSCRIPT[c] ?? c).join("");
