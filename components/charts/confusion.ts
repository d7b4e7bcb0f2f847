// A confusion matrix as a D3 grid: rows are true classes, columns predicted ones, colour the
// share of the row; clicking an off-diagonal cell selects that (true, predicted) pair. Its
// `value` is the selected pair or null and it fires "input", so pages read it with view().
// It scales down in a container narrower than its natural size (a phone). The matrix comes
// with its text alternative (accuracy, most frequent mistake) and a "查看数据表" table.
import * as d3 from "./d3.js";
import { withDataTable } from "./data-table.js";
import { describeConfusion } from "./describe.js";
import { shrinkToFit } from "./fit-width.js";

export type ConfusionSelection = { actual: number; predicted: number } | null;

/** The matrix (an `svg[data-confusion]`) and its data table in one element, whose `value` is
 * the svg's selection; the svg's "input" events bubble up to it. */
export function confusionChart(counts: number[][], options: { size?: number; classNames?: string[] } = {}): HTMLElement & { value: ConfusionSelection } {
  const classNames = options.classNames ?? counts.map((_, i) => String(i));
  const svg = drawConfusion(counts, options.size ?? 30, classNames);
  const rows = () => ({ columns: ["真实（行）/ 预测（列）", ...classNames], rows: counts.map((row, i) => [classNames[i], ...row]) });
  const figure = withDataTable(svg, "混淆矩阵（行：真实类别，列：预测类别）", rows, { inline: true });
  return Object.defineProperty(figure, "value", { get: () => svg.value, enumerable: true }) as HTMLElement & { value: ConfusionSelection };
}

function drawConfusion(counts: number[][], size: number, classNames: string[]): SVGSVGElement & { value: ConfusionSelection } {
  const k = counts.length;
  const margin = { top: 34, left: 44 };
  const width = margin.left + k * size + 4;
  const height = margin.top + k * size + 4;
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", describeConfusion(counts, classNames));
  svg.attr("data-confusion", `${k}x${k}`);
  const node = shrinkToFit(svg.node() as SVGSVGElement & { value: ConfusionSelection });
  node.value = null;
  svg.append("text").attr("x", margin.left + (k * size) / 2).attr("y", 11).attr("text-anchor", "middle").attr("font-size", 12).attr("fill", "currentColor").text("预测类别");
  svg.append("text").attr("transform", `translate(11,${margin.top + (k * size) / 2}) rotate(-90)`).attr("text-anchor", "middle").attr("font-size", 12).attr("fill", "currentColor").text("真实类别");
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  classNames.forEach((name, i) => {
    g.append("text").attr("x", i * size + size / 2).attr("y", -5).attr("text-anchor", "middle").attr("font-size", 11).attr("fill", "currentColor").text(name);
    g.append("text").attr("x", -5).attr("y", i * size + size / 2).attr("dy", "0.35em").attr("text-anchor", "end").attr("font-size", 11).attr("fill", "currentColor").text(name);
  });
  const cells = g
    .selectAll("g.cell")
    .data(counts.flatMap((row, actual) => row.map((count, predicted) => ({ actual, predicted, count, share: count / Math.max(1, d3.sum(row)) }))))
    .join("g")
    .attr("class", "cell")
    .attr("data-cell-actual", (d) => d.actual)
    .attr("data-cell-predicted", (d) => d.predicted)
    .attr("transform", (d) => `translate(${d.predicted * size},${d.actual * size})`)
    .style("cursor", (d) => (d.actual !== d.predicted && d.count ? "pointer" : "default"));
  const rects = cells
    .append("rect")
    .attr("width", size - 1)
    .attr("height", size - 1)
    .attr("fill", (d) => (d.actual === d.predicted ? d3.interpolateBlues(0.15 + 0.85 * d.share) : d.count ? d3.interpolateOranges(0.2 + 0.8 * Math.min(1, d.share * 8)) : "transparent"))
    .attr("stroke", "var(--theme-foreground-faintest)");
  cells
    .append("text")
    .attr("x", (size - 1) / 2)
    .attr("y", (size - 1) / 2)
    .attr("dy", "0.35em")
    .attr("text-anchor", "middle")
    .attr("font-size", 10)
    .attr("fill", (d) => (d.actual === d.predicted && d.share > 0.5 ? "white" : "currentColor"))
    .text((d) => (d.count ? d.count : ""));
  cells.append("title").text((d) => `真实 ${classNames[d.actual]}，预测 ${classNames[d.predicted]}：${d.count} 个（该行的 ${(d.share * 100).toFixed(1)}%）`);
  cells.on("click", (_event, d) => {
    if (d.actual === d.predicted || !d.count) return;
    const same = node.value?.actual === d.actual && node.value?.predicted === d.predicted;
    node.value = same ? null : { actual: d.actual, predicted: d.predicted };
    rects.attr("stroke-width", (e) => (node.value && e.actual === node.value.actual && e.predicted === node.value.predicted ? 3 : 1)).attr("stroke", (e) => (node.value && e.actual === node.value.actual && e.predicted === node.value.predicted ? "currentColor" : "var(--theme-foreground-faintest)"));
    node.dispatchEvent(new Event("input", { bubbles: true }));
  });
  return node;
}
