// A grid of numbers as a D3 heatmap (images, kernels, feature maps, attention weights):
// a function of data and size that returns an SVG element; hovering a cell shows its
// row, column and value. It keeps its size where there is room and scales down in a
// narrower container (a phone). Its text alternative states its size, range and where the
// extremes lie; the values are in a "查看数据表" table below it.
import * as d3 from "./d3.js";
import { gridTableData, withDataTable } from "./data-table.js";
import { describeGrid } from "./describe.js";
import { shrinkToFit } from "./fit-width.js";

export interface HeatmapOptions {
  width?: number;
  /** "gray" for images (0 → white, 1 → black), "diverging" for signed values (kernels, feature maps). */
  color?: "gray" | "diverging";
  title?: string;
  /** Print the value in each cell (small grids such as 3×3 kernels). */
  showValues?: boolean;
  /** Names of the rows (left) and columns (top), e.g. the tokens of an attention map. */
  rowLabels?: string[];
  colLabels?: string[];
}

/** The heatmap (an `svg[data-heatmap]`) with its data table, in one inline-block element. */
export function heatmap(grid: number[][], options: HeatmapOptions = {}): HTMLElement {
  const { title = "", rowLabels, colLabels } = options;
  return withDataTable(drawHeatmap(grid, options), title || `${grid.length}×${grid[0]?.length ?? 0} 热力图`, () => gridTableData(grid, { rowLabels, colLabels }), { inline: true });
}

function drawHeatmap(grid: number[][], { width = 168, color = "gray", title = "", showValues = false, rowLabels, colLabels }: HeatmapOptions): SVGSVGElement {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const size = width / Math.max(1, cols);
  const labelFont = Math.min(12, Math.max(8, size * 0.6));
  const left = rowLabels ? Math.ceil(Math.max(...rowLabels.map((l) => l.length)) * labelFont * 0.62) + 4 : 0;
  const top = (title ? 18 : 0) + (colLabels ? labelFont + 4 : 0);
  const name = (labels: string[] | undefined, i: number, unit: string) => (labels?.[i] !== undefined ? `“${labels[i]}”` : `第 ${i + 1} ${unit}`);
  const values = grid.flat();
  const extent = Math.max(1e-9, ...values.map(Math.abs));
  const fill =
    color === "gray"
      ? (v: number) => d3.interpolateGreys(Math.min(1, Math.max(0, v)))
      : (v: number) => d3.interpolateRdBu(0.5 - v / (2 * extent)); // red positive, blue negative
  const svg = d3.create("svg").attr("width", left + width).attr("height", rows * size + top).attr("viewBox", `0 0 ${left + width} ${rows * size + top}`).attr("role", "img").attr("aria-label", describeGrid(grid, { title, rowLabels, colLabels }));
  svg.attr("data-heatmap", `${rows}x${cols}`);
  if (title) svg.append("text").attr("x", 0).attr("y", 13).attr("font-size", 12).attr("fill", "currentColor").text(title);
  const label = (text: string, x: number, y: number, anchor: string) =>
    svg.append("text").attr("x", x).attr("y", y).attr("dy", "0.35em").attr("text-anchor", anchor).attr("font-size", labelFont).attr("fill", "currentColor").text(text);
  rowLabels?.forEach((text, i) => label(text, left - 4, top + (i + 0.5) * size, "end"));
  colLabels?.forEach((text, j) => label(text, left + (j + 0.5) * size, top - labelFont / 2 - 2, "middle"));
  const cells = svg
    .append("g")
    .attr("transform", `translate(${left},${top})`)
    .selectAll("g")
    .data(values.map((value, i) => ({ value, row: Math.floor(i / cols), col: i % cols })))
    .join("g")
    .attr("transform", (d) => `translate(${d.col * size},${d.row * size})`);
  cells.append("rect").attr("width", size).attr("height", size).attr("fill", (d) => fill(d.value));
  cells.append("title").text((d) => `${name(rowLabels, d.row, "行")}，${name(colLabels, d.col, "列")}：${formatValue(d.value)}`);
  if (showValues) {
    cells
      .append("text")
      .attr("x", size / 2)
      .attr("y", size / 2)
      .attr("dy", "0.35em")
      .attr("text-anchor", "middle")
      .attr("font-size", Math.min(14, size / 3))
      .attr("fill", (d) => (Math.abs(d.value) / extent > 0.6 ? "white" : "black"))
      .text((d) => formatValue(d.value));
  }
  return shrinkToFit(svg.node()!);
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}
