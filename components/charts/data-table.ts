// "查看数据表": the numbers behind a chart as an HTML table in a <details> disclosure, for
// readers who cannot see the chart (screen readers) or want the exact values. The table is
// built when the reader first opens it (a page may hold dozens of charts), and long ones are
// capped, with a note that says how many rows are shown.
import { formatNumber } from "./describe.js";

export type Cell = string | number | null | undefined;

export interface TableData {
  /** Header of each column; the first column names the row (a row header). */
  columns: string[];
  rows: Cell[][];
  /** At most this many rows are shown (default 50). */
  maxRows?: number;
  /** At most this many columns besides the row header (default 40). */
  maxColumns?: number;
  /** "first": the first rows (grids); "even": evenly spread rows incl. the last (curves). */
  sample?: "first" | "even";
  /** Replaces the automatic note (tables that sample rows themselves). */
  note?: string;
}

/** Indices of the rows to show: all of them, the first `max`, or `max` spread evenly. */
export function shownRows(count: number, max: number, sample: "first" | "even" = "first"): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  if (sample === "first" || max < 2) return Array.from({ length: max }, (_, i) => i);
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round((i * (count - 1)) / (max - 1))))];
}

/** The note under a capped table, or "" when everything is shown. */
export function capNote(rows: number, shown: number, columns: number, shownColumns: number, sample: "first" | "even" = "first"): string {
  const parts: string[] = [];
  if (shown < rows) parts.push(sample === "even" ? `共 ${rows} 行，均匀抽取 ${shown} 行显示（含首尾）` : `共 ${rows} 行，只显示前 ${shown} 行`);
  if (shownColumns < columns) parts.push(`共 ${columns} 列，只显示前 ${shownColumns} 列`);
  return parts.join("；");
}

export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  return typeof value === "number" ? formatNumber(value) : value;
}

/** The table itself: a header row, a row header per row, capped as `data` says. */
export function renderTable(data: TableData, caption: string, doc: Document = document): HTMLElement {
  const { columns, rows, maxRows = 50, maxColumns = 40, sample = "first" } = data;
  const keep = Math.min(columns.length, maxColumns + 1);
  const picked = shownRows(rows.length, maxRows, sample);
  const box = doc.createElement("div");
  box.className = "chart-data-scroll";
  // A keyboard can scroll a wide table only if the scroll region takes focus.
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", `${caption}（数据表）`);
  const table = box.appendChild(doc.createElement("table"));
  table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const name of columns.slice(0, keep)) {
    const th = head.appendChild(doc.createElement("th"));
    th.scope = "col";
    th.textContent = name;
  }
  const body = table.createTBody();
  for (const i of picked) {
    const tr = body.insertRow();
    rows[i].slice(0, keep).forEach((value, j) => {
      const cell = tr.appendChild(doc.createElement(j === 0 ? "th" : "td"));
      if (j === 0) (cell as HTMLTableCellElement).scope = "row";
      cell.textContent = formatCell(value);
    });
  }
  const note = [data.note, capNote(rows.length, picked.length, columns.length - 1, keep - 1, sample)].filter(Boolean).join("；");
  if (note) box.append(Object.assign(doc.createElement("p"), { className: "chart-data-note", textContent: note }));
  return box;
}

/** A closed <details> whose table is built from `data()` on first opening. */
export function dataTable(caption: string, data: () => TableData, doc: Document = document): HTMLDetailsElement {
  const details = doc.createElement("details");
  details.className = "chart-data";
  const summary = details.appendChild(doc.createElement("summary"));
  summary.textContent = "查看数据表";
  let built = false;
  details.addEventListener("toggle", () => {
    if (!details.open || built) return;
    built = true;
    details.append(renderTable(data(), caption, doc));
  });
  return details;
}

/** A chart with its data table below it, in one element that callers place like the chart. */
export function withDataTable<T extends Element>(chart: T, caption: string, data: () => TableData, { inline = false } = {}, doc: Document = document): HTMLElement {
  const figure = doc.createElement("div");
  figure.className = inline ? "chart-figure chart-figure-inline" : "chart-figure";
  figure.append(chart, dataTable(caption, data, doc));
  return figure;
}

/** Rows of a grid, named by its labels or by number; columns likewise. */
export function gridTableData(grid: number[][], { rowLabels, colLabels }: { rowLabels?: string[]; colLabels?: string[] } = {}): TableData {
  const cols = grid[0]?.length ?? 0;
  const columns = ["行＼列", ...Array.from({ length: cols }, (_, j) => colLabels?.[j] ?? `列 ${j + 1}`)];
  return { columns, rows: grid.map((row, i) => [rowLabels?.[i] ?? `行 ${i + 1}`, ...row]) };
}

/** Curves as a table: one column per series when they share their x values, otherwise one
 * row per point (series, x, y), each series sampled evenly so every one is in the table. */
export function lineTableData(series: { name: string; values: { x: number; y: number }[] }[], xLabel = "x", yLabel = "y", maxRows = 60): TableData {
  const xs = [...new Set(series.flatMap((s) => s.values.map((p) => p.x)))].sort((a, b) => a - b);
  const longest = Math.max(0, ...series.map((s) => s.values.length));
  if (xs.length <= Math.max(1, longest) * 1.2) {
    const byX = series.map((s) => new Map(s.values.map((p) => [p.x, p.y])));
    return { columns: [xLabel || "x", ...series.map((s) => s.name)], rows: xs.map((x) => [formatNumber(x), ...byX.map((m) => m.get(x))]), maxRows, sample: "even" };
  }
  const per = Math.max(2, Math.floor(maxRows / Math.max(1, series.length)));
  const rows: Cell[][] = [];
  let cut = false;
  for (const s of series) {
    const picked = shownRows(s.values.length, per, "even");
    cut ||= picked.length < s.values.length;
    for (const i of picked) rows.push([s.name, s.values[i].x, s.values[i].y]);
  }
  return { columns: ["系列", xLabel || "x", yLabel || "y"], rows, maxRows: Infinity, note: cut ? `每条曲线均匀抽取至多 ${per} 个点（含首尾）` : undefined };
}
