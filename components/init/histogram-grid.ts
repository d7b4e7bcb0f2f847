// Small multiples: one histogram per layer, side by side (第4章 4.3's activations at
// initialisation). Each panel has its own horizontal range, written under it, because
// activations of a badly initialised network differ between layers by orders of magnitude.
import * as d3 from "../charts/d3.js";
import { dataTable } from "../charts/data-table.js";
import { describeHistogram, extremes } from "../charts/describe.js";
import type { Histogram } from "./layer-stats.js";

export interface HistogramPanel {
  title: string;
  subtitle: string;
  histogram: Histogram;
}

/** The panels in a grid, and below it a "查看数据表" with one row per panel. */
export function histogramGrid(panels: HistogramPanel[], { output }: { output?: string } = {}): HTMLDivElement {
  const root = document.createElement("div");
  if (output) root.dataset.output = output;
  const grid = root.appendChild(document.createElement("div"));
  Object.assign(grid.style, { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(118px, 1fr))", gap: "6px", margin: "0.5rem 0" });
  for (const panel of panels) grid.append(histogramPanel(panel));
  root.append(dataTable("每个面板的直方图", () => ({ columns: ["面板", "说明", "最小值", "最大值", "值的个数", "最多的一格", "该格个数"], rows: panels.map(panelRow) })));
  return root;
}

/** A histogram's bins with their edges. */
function bins({ lo, hi, counts }: Histogram) {
  const step = (hi - lo) / Math.max(1, counts.length);
  return counts.map((count, i) => ({ x0: lo + i * step, x1: lo + (i + 1) * step, count }));
}

function panelRow({ title, subtitle, histogram }: HistogramPanel) {
  const all = bins(histogram);
  const peak = all[extremes(all.map((b) => b.count)).argmax];
  const total = all.reduce((s, b) => s + b.count, 0);
  return [title, subtitle, histogram.lo, histogram.hi, total, peak ? `${format(peak.x0)} 到 ${format(peak.x1)}` : "", peak?.count];
}

function histogramPanel({ title, subtitle, histogram }: HistogramPanel): SVGSVGElement {
  const [width, height, top, bottom] = [120, 84, 14, 14];
  const { counts, lo, hi } = histogram;
  const max = d3.max(counts) || 1;
  const barWidth = width / counts.length;
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", `${title}（${subtitle}）：${describeHistogram(bins(histogram))}`).attr("data-panel", title);
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
