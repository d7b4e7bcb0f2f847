// A scatter of 2-D embeddings (PCA of digits) coloured by a label the method never saw,
// with a legend per class; hovering a point names its class.
import * as d3 from "../charts/d3.js";
import { fillWidth } from "../charts/fit-width.js";
import { describeScatter } from "../charts/describe.js";

export function labelledScatter(points: [number, number][], labels: number[], { width = 520, height = 380, xLabel = "第 1 主成分", yLabel = "第 2 主成分" } = {}): SVGSVGElement {
  return fillWidth(width, (w) => draw(points, labels, w, height, xLabel, yLabel));
}

function draw(points: [number, number][], labels: number[], width: number, height: number, xLabel: string, yLabel: string): SVGSVGElement {
  const margin = { top: 10, right: 56, bottom: 34, left: 40 };
  const x = d3.scaleLinear().domain(d3.extent(points, (p) => p[0]) as [number, number]).nice().range([margin.left, width - margin.right]);
  const y = d3.scaleLinear().domain(d3.extent(points, (p) => p[1]) as [number, number]).nice().range([height - margin.bottom, margin.top]);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const color = d3.scaleOrdinal<number, string>(d3.schemeTableau10).domain(classes);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("data-chart", "labelled-scatter").attr("role", "img").attr("aria-label", describeScatter(points.map(([px, py], i) => ({ x: px, y: py, group: `数字 ${labels[i]}`, label: `一个数字 ${labels[i]}` })), { xLabel, yLabel })).style("font", "11px sans-serif");
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6)).call((g) => g.append("text").attr("x", width - margin.right).attr("y", 28).attr("fill", "currentColor").attr("text-anchor", "end").text(xLabel));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(6)).call((g) => g.append("text").attr("x", 4).attr("y", margin.top).attr("fill", "currentColor").attr("text-anchor", "start").text(yLabel));
  svg
    .append("g")
    .selectAll("circle")
    .data(points)
    .join("circle")
    .attr("cx", (p) => x(p[0]))
    .attr("cy", (p) => y(p[1]))
    .attr("r", 2.2)
    .attr("fill", (_, i) => color(labels[i]))
    .attr("fill-opacity", 0.7)
    .attr("data-label", (_, i) => labels[i])
    .append("title")
    .text((_, i) => `数字 ${labels[i]}`);
  const legend = svg.append("g").attr("transform", `translate(${width - margin.right + 12},${margin.top})`);
  classes.forEach((c, i) => {
    const row = legend.append("g").attr("transform", `translate(0,${i * 15})`);
    row.append("circle").attr("cx", 4).attr("cy", -4).attr("r", 4).attr("fill", color(c));
    row.append("text").attr("x", 12).attr("fill", "currentColor").text(String(c));
  });
  return svg.node()!;
}
