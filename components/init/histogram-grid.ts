// Small multiples: one histogram per layer, side by side (第4章 4.3's activations at
// initialisation). Each panel has its own horizontal range, written under it, because
// activations of a badly initialised network differ between layers by orders of magnitude.
import * as d3 from "d3";
import type { Histogram } from "./layer-stats.js";

export interface HistogramPanel {
  title: string;
  subtitle: string;
  histogram: Histogram;
}

export function histogramGrid(panels: HistogramPanel[], { output }: { output?: string } = {}): HTMLDivElement {
  const grid = document.createElement("div");
  Object.assign(grid.style, { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(118px, 1fr))", gap: "6px", margin: "0.5rem 0" });
  if (output) grid.dataset.output = output;
  for (const panel of panels) grid.append(histogramPanel(panel));
  return grid;
}

function histogramPanel({ title, subtitle, histogram }: HistogramPanel): SVGSVGElement {
  const [width, height, top, bottom] = [120, 84, 14, 14];
  const { counts, lo, hi } = histogram;
  const max = d3.max(counts) || 1;
  const barWidth = width / counts.length;
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", `${title}：${subtitle}`).attr("data-panel", title);
  svg.style("width", "100%").style("height", "auto");
  svg.append("text").attr("x", 2).attr("y", 10).attr("font-size", 10).attr("fill", "currentColor").text(title);
  svg
    .append("g")
    .selectAll("rect")
    .data(counts)
    .join("rect")
    .attr("x", (_, i) => i * barWidth)
    .attr("width", Math.max(0.5, barWidth - 0.5))
    .attr("y", (c) => height - bottom - ((height - top - bottom) * c) / max)
    .attr("height", (c) => ((height - top - bottom) * c) / max)
    .attr("fill", "steelblue");
  const range = lo === hi ? `全部 = ${format(lo)}` : `[${format(lo)}, ${format(hi)}]`;
  svg.append("text").attr("x", 2).attr("y", height - 3).attr("font-size", 9).attr("fill", "currentColor").text(`${range} ${subtitle}`);
  return svg.node()!;
}

function format(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(0) : String(Number(v.toPrecision(2)));
}
