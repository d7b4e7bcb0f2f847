// Text alternatives for charts: one Chinese sentence per chart, computed from the data that
// is drawn, with the numbers a sighted reader takes from it (where a curve starts and ends,
// its lowest point, a heatmap's range and where its peak lies). Pure functions, so the
// screen-reader text is tested like any other result.

/** A number as a reader would write it: integers as they are, others to 3 significant
 * digits, very large or very small magnitudes in e-notation. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e6 || abs < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e");
  if (abs >= 100) return String(Number(v.toFixed(1)));
  return String(Number(v.toPrecision(3)));
}

export interface Extremes {
  min: number;
  max: number;
  /** Index of the first minimum and the first maximum among the finite values; -1 if none. */
  argmin: number;
  argmax: number;
}

/** Smallest and largest finite value and where they are; NaN and ±∞ are skipped. */
export function extremes(values: ArrayLike<number>): Extremes {
  let [min, max, argmin, argmax] = [Infinity, -Infinity, -1, -1];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) [min, argmin] = [v, i];
    if (v > max) [max, argmax] = [v, i];
  }
  return { min, max, argmin, argmax };
}

export interface Point {
  x: number;
  y: number;
}

/** A line chart: per series where it starts and ends and its lowest and highest point. */
export function describeLines(series: { name: string; values: Point[] }[], { xLabel = "x", yLabel = "y" } = {}): string {
  const at = (p: Point) => `${formatNumber(p.y)}（${xLabel} = ${formatNumber(p.x)}）`;
  const parts = series.map((s) => {
    const points = s.values.filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x));
    if (!points.length) return `${s.name}：没有数据`;
    const first = points[0];
    const last = points[points.length - 1];
    if (points.length === 1) return `${s.name}：${at(first)}`;
    const { argmin, argmax } = extremes(points.map((p) => p.y));
    return `${s.name}：从 ${at(first)}到 ${at(last)}，最低 ${at(points[argmin])}，最高 ${at(points[argmax])}`;
  });
  const what = yLabel || xLabel ? `${yLabel} 随 ${xLabel} 的变化` : "";
  return `折线图${what ? `，${what}` : ""}。${parts.join("；") || "没有数据"}。`;
}

/** Names a grid position by its labels where the chart has them. */
function position(row: number, col: number, rowLabels?: string[], colLabels?: string[]): string {
  const r = rowLabels?.[row] !== undefined ? `行“${rowLabels[row]}”` : `第 ${row + 1} 行`;
  const c = colLabels?.[col] !== undefined ? `列“${colLabels[col]}”` : `第 ${col + 1} 列`;
  return `${r}${c}`;
}

/** A heatmap: its size, its range and where the minimum and maximum lie. */
export function describeGrid(grid: number[][], { title = "", rowLabels, colLabels }: { title?: string; rowLabels?: string[]; colLabels?: string[] } = {}): string {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  const head = `${title ? `${title}：` : ""}${rows}×${cols} 热力图`;
  const flat = grid.flat();
  const { min, max, argmin, argmax } = extremes(flat);
  if (argmax < 0) return `${head}，没有数据。`;
  if (min === max) return `${head}，所有格的值都是 ${formatNumber(min)}。`;
  const where = (i: number) => position(Math.floor(i / cols), i % cols, rowLabels, colLabels);
  return `${head}，数值从 ${formatNumber(min)}（${where(argmin)}）到 ${formatNumber(max)}（${where(argmax)}）。`;
}

/** Bars: every bar with its value when there are few, the largest and the smallest always. */
export function describeBarValues(bars: { label: string; value: number }[], unit = ""): string {
  if (!bars.length) return "没有数据";
  const value = (v: number) => `${formatNumber(v)}${unit}`;
  const { argmin, argmax } = extremes(bars.map((b) => b.value));
  const list = bars.length <= 8 ? `${bars.map((b) => `${b.label} ${value(b.value)}`).join("，")}；` : `${bars.length} 项；`;
  if (argmax < 0) return `${list}没有有限的数值`;
  return `${list}最大 ${bars[argmax].label}（${value(bars[argmax].value)}），最小 ${bars[argmin].label}（${value(bars[argmin].value)}）`;
}

/** A confusion matrix: how many samples, the share on the diagonal, the most frequent mistake. */
export function describeConfusion(counts: number[][], classNames: string[] = counts.map((_, i) => String(i))): string {
  let [total, correct, worst, worstActual, worstPredicted] = [0, 0, 0, -1, -1];
  counts.forEach((row, a) =>
    row.forEach((n, p) => {
      total += n;
      if (a === p) correct += n;
      else if (n > worst) [worst, worstActual, worstPredicted] = [n, a, p];
    })
  );
  const head = `混淆矩阵（${counts.length}×${counts.length}，行是真实类别，列是预测类别）`;
  if (!total) return `${head}：没有样本。`;
  const mistake = worstActual >= 0 ? `；最常见的错误是把 ${classNames[worstActual]} 认成 ${classNames[worstPredicted]}（${worst} 个）` : "；没有错误";
  return `${head}：共 ${total} 个样本，对角线上（预测正确）${correct} 个，占 ${formatNumber((100 * correct) / total)}%${mistake}。`;
}

/** Small multiples of 2-D maps: the shared range, and which map holds the largest value. */
export function describeMaps(maps: number[][][], label: (index: number) => string = (i) => `通道 ${i + 1}`): string {
  if (!maps.length) return "没有图";
  const rows = maps[0].length;
  const cols = maps[0][0]?.length ?? 0;
  const stats = maps.map((m) => extremes(m.flat()));
  const best = extremes(stats.map((s) => s.max)).argmax;
  const low = Math.min(...stats.map((s) => s.min));
  const head = `${maps.length} 张 ${rows}×${cols} 的图`;
  if (best < 0) return `${head}，没有数据。`;
  return `${head}，数值从 ${formatNumber(low)} 到 ${formatNumber(stats[best].max)}，最大值在${label(best)}。`;
}

/** One 2-D map: its size, range and the position of its maximum (1-based, as in tooltips). */
export function describeMap(map: number[][], name: string): string {
  const cols = map[0]?.length ?? 0;
  const { min, max, argmax } = extremes(map.flat());
  if (argmax < 0) return `${name}：没有数据`;
  return `${name}：${map.length}×${cols}，最小 ${formatNumber(min)}，最大 ${formatNumber(max)}（第 ${Math.floor(argmax / cols) + 1} 行第 ${(argmax % cols) + 1} 列）`;
}

/** Words weighted by attention: the heaviest few with their share. */
export function describeWeights(words: string[], weights: ArrayLike<number>, top = 3): string {
  const order = words.map((_, i) => i).filter((i) => Number.isFinite(weights[i])).sort((a, b) => weights[b] - weights[a]);
  if (!order.length) return "没有词";
  const list = order.slice(0, top).map((i) => `“${words[i]}” ${formatNumber(weights[i] * 100)}%`);
  return `${words.length} 个词的注意力权重，最高的是 ${list.join("、")}`;
}

/** A scatter: how many points in which groups, and the lowest and highest point by name. */
export function describeScatter(points: { x: number; y: number; group: string; label: string }[], { xLabel = "x", yLabel = "y", groupLabels = {} as Record<string, string> } = {}): string {
  if (!points.length) return "散点图：没有数据。";
  const groups = [...new Set(points.map((p) => p.group))].map((g) => `${groupLabels[g] ?? g} ${points.filter((p) => p.group === g).length} 个`);
  const { argmin, argmax } = extremes(points.map((p) => p.y));
  const at = (p: { x: number; y: number; label: string }) => `${p.label}（${xLabel} ${formatNumber(p.x)}，${yLabel} ${formatNumber(p.y)}）`;
  return `散点图，${yLabel} 对 ${xLabel}：${points.length} 个点（${groups.join("，")}）；最低 ${at(points[argmin])}，最高 ${at(points[argmax])}。`;
}

/** A histogram: how many values, their range, and the fullest bin. */
export function describeHistogram(bins: { x0: number; x1: number; count: number }[], what = "数值"): string {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (!total) return `${what}的直方图：没有数据`;
  const filled = bins.filter((b) => b.count > 0);
  const peak = bins[extremes(bins.map((b) => b.count)).argmax];
  return `${what}的直方图：${total} 个值，分布在 ${formatNumber(filled[0].x0)} 到 ${formatNumber(filled[filled.length - 1].x1)} 之间，最多的一格是 ${formatNumber(peak.x0)} 到 ${formatNumber(peak.x1)}（${peak.count} 个）`;
}
