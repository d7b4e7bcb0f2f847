// Small multiples of 2-D maps (a layer's channels, a layer's filters): one canvas per map,
// drawn with the same colour scale so panels compare, and the value under the pointer in
// the panel's tooltip. Canvas rather than SVG: 64 maps of 11×11 are 7,744 cells. Each panel
// is labelled with its range and peak; the data table lists every map's summary (a table of
// all 7,744 values would help nobody).
import * as d3 from "./d3.js";
import { dataTable } from "./data-table.js";
import { describeMap, describeMaps, extremes } from "./describe.js";

export interface FeatureGridOptions {
  title?: string;
  /** Pixels per map cell. */
  scale?: number;
  /** "diverging" (signed, shared symmetric range) or "magnitude" (0…max, e.g. after ReLU). */
  color?: "diverging" | "magnitude";
  label?: (index: number) => string;
}

export function featureGrid(maps: number[][][], { title = "", scale = 3, color = "magnitude", label = (i) => `通道 ${i + 1}` }: FeatureGridOptions = {}, doc: Document = document): HTMLElement {
  const root = doc.createElement("section");
  root.className = "feature-grid";
  if (title) root.append(Object.assign(doc.createElement("h4"), { textContent: title }));
  const summary = root.appendChild(doc.createElement("p"));
  summary.className = "chart-summary";
  summary.textContent = describeMaps(maps, label);
  const panels = root.appendChild(doc.createElement("div"));
  panels.className = "feature-grid-panels";
  let extent = 1e-9;
  for (const map of maps) for (const row of map) for (const v of row) extent = Math.max(extent, Math.abs(v));
  const fill = color === "diverging" ? (v: number) => d3.interpolateRdBu(0.5 - v / (2 * extent)) : (v: number) => d3.interpolateViridis(Math.max(0, v) / extent);
  maps.forEach((map, index) => {
    const rows = map.length;
    const cols = map[0]?.length ?? 0;
    const figure = panels.appendChild(doc.createElement("figure"));
    figure.dataset.channel = String(index);
    const canvas = figure.appendChild(doc.createElement("canvas"));
    canvas.width = cols;
    canvas.height = rows;
    Object.assign(canvas.style, { width: `${cols * scale}px`, height: `${rows * scale}px`, imageRendering: "pixelated" });
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", describeMap(map, label(index)));
    canvas.title = label(index);
    const context = canvas.getContext("2d");
    if (context) {
      const image = context.createImageData(cols, rows);
      map.flat().forEach((v, i) => {
        const c = d3.rgb(fill(v));
        image.data.set([c.r, c.g, c.b, 255], i * 4);
      });
      context.putImageData(image, 0, 0);
    }
    canvas.addEventListener("pointermove", (event) => {
      const box = canvas.getBoundingClientRect();
      const r = Math.min(rows - 1, Math.floor(((event.clientY - box.top) / box.height) * rows));
      const c = Math.min(cols - 1, Math.floor(((event.clientX - box.left) / box.width) * cols));
      canvas.title = `${label(index)}　第 ${r + 1} 行，第 ${c + 1} 列：${map[r][c].toFixed(3)}`;
    });
    figure.append(Object.assign(doc.createElement("figcaption"), { textContent: String(index + 1) }));
  });
  root.append(dataTable(`${title || "各图"}：每张图的统计`, () => mapSummaryTable(maps, label), doc));
  return root;
}

/** One row per map: its size, range, mean and where its maximum is. */
export function mapSummaryTable(maps: number[][][], label: (index: number) => string) {
  return {
    columns: ["图", "大小", "最小值", "最大值", "平均值", "最大值位置"],
    rows: maps.map((map, i) => {
      const values = map.flat();
      const cols = map[0]?.length ?? 0;
      const { min, max, argmax } = extremes(values);
      const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
      return [label(i), `${map.length}×${cols}`, min, max, mean, argmax < 0 ? "" : `第 ${Math.floor(argmax / cols) + 1} 行第 ${(argmax % cols) + 1} 列`];
    }),
    maxRows: 100
  };
}
