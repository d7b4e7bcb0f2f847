// 5.2: where the gradients of the mixed-precision MLP fall on the exponent axis, against the
// FP16 range. gradientValues() runs one FP32 backward pass and collects every gradient the
// 16-bit casts would see: each layer's output gradient (through a probe op) and each weight's.
// exponentHistogram() counts them by ⌊log₂|g|⌋; exponentChart() draws the counts with FP16's
// subnormal band and its limits 2⁻²⁴ (smallest subnormal), 2⁻¹⁴ (smallest normal), 2¹⁶ (∞).
import * as tf from "@book/tf";
import * as d3 from "../charts/d3.js";
import { withDataTable } from "../charts/data-table.js";
import { extremes } from "../charts/describe.js";
import { fillWidth } from "../charts/fit-width.js";
import { FP16, minExponent, smallestSubnormal } from "./float-formats.js";
import { mixedMlp } from "./mixed-mlp.js";
import { elementwiseOp } from "./tensor-rounding.js";

/** All FP32 gradients of one batch (layer outputs and weights), the loss divided by `normalizer`. */
export async function gradientValues(x: tf.Tensor2D, y: tf.Tensor2D, { sizes = [784, 64, 10], seed = 1, normalizer = 1 } = {}): Promise<Float32Array> {
  const model = mixedMlp(sizes, seed);
  const seen: tf.Tensor[] = [];
  // Passes values and gradients through unchanged, keeping a copy of each gradient it sees.
  const probe = elementwiseOp(
    (h) => tf.clone(h),
    (dy) => {
      seen.push(tf.keep(tf.clone(dy)));
      return dy;
    }
  );
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.div(tf.losses.softmaxCrossEntropy(y, model.forward(x, "fp32", probe)), normalizer) as tf.Scalar), model.weights);
  const all = [...seen, ...Object.values(grads)];
  const parts = await Promise.all(all.map((t) => t.data()));
  tf.dispose([value, ...all]);
  model.dispose();
  const values = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    values.set(part as Float32Array, at);
    at += part.length;
  }
  return values;
}

export interface ExponentHistogram {
  /** Count of |g| in [2^e, 2^(e+1)) for each e from `from` to `to`. */
  bins: { exponent: number; count: number }[];
  zeros: number;
  total: number;
  /** Non-zero gradients that FP16 rounds to 0 (below half the smallest subnormal, 2⁻²⁵). */
  flushed: number;
  /** Non-zero gradients in FP16's subnormal range [2⁻²⁵, 2⁻¹⁴): kept with fewer bits. */
  subnormal: number;
  /** Gradients at or above 65520: FP16 makes them ∞. */
  overflowed: number;
}

export function exponentHistogram(values: ArrayLike<number>, from = -40, to = 4): ExponentHistogram {
  const counts = new Map<number, number>();
  let zeros = 0;
  let flushed = 0;
  let subnormal = 0;
  let overflowed = 0;
  const normal = 2 ** minExponent(FP16);
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a === 0) {
      zeros++;
      continue;
    }
    const e = Math.min(to, Math.max(from, Math.floor(Math.log2(a))));
    counts.set(e, (counts.get(e) ?? 0) + 1);
    if (a <= smallestSubnormal(FP16) / 2) flushed++;
    else if (a < normal) subnormal++;
    else if (a >= 65520) overflowed++;
  }
  const bins = d3.range(from, to + 1).map((exponent) => ({ exponent, count: counts.get(exponent) ?? 0 }));
  return { bins, zeros, total: values.length, flushed, subnormal, overflowed };
}

/** One series in words: where most values lie and how many FP16 loses or keeps imprecisely. */
export function describeExponents(name: string, h: ExponentHistogram): string {
  const peak = h.bins[extremes(h.bins.map((b) => b.count)).argmax];
  const most = peak ? `最多在 [2^${peak.exponent}, 2^${peak.exponent + 1})（${peak.count} 个）` : "";
  return `${name}：${h.total} 个梯度，${most}，${h.flushed} 个在 FP16 里变成 0，${h.subnormal} 个落在次正规区间，${h.overflowed} 个溢出，${h.zeros} 个本来就是 0`;
}

/** Bars of counts per exponent; FP16's subnormal band shaded, its three limits as lines. The
 * chart (an `svg[data-chart=exponents]`) comes with its data table: counts per exponent. */
export function exponentChart(histograms: { name: string; histogram: ExponentHistogram; color: string }[], { width = 640, height = 220 } = {}): HTMLElement {
  const rows = () => ({ columns: ["指数 e（|梯度| ∈ [2^e, 2^(e+1))）", ...histograms.map((h) => h.name)], rows: histograms[0].histogram.bins.map((b, i) => [String(b.exponent), ...histograms.map((h) => h.histogram.bins[i]?.count)]), maxRows: 100 });
  return withDataTable(drawExponentChart(histograms, width, height), "梯度的二进制指数分布", rows);
}

function drawExponentChart(histograms: { name: string; histogram: ExponentHistogram; color: string }[], width: number, height: number): SVGSVGElement {
  return fillWidth(width, (w) => {
    const margin = { top: 16, right: 12, bottom: 34, left: 52 };
    const bins = histograms[0].histogram.bins;
    const x = d3.scaleBand<number>().domain(bins.map((b) => b.exponent)).range([margin.left, w - margin.right]).padding(0.1);
    const max = d3.max(histograms.flatMap((h) => h.histogram.bins.map((b) => b.count))) ?? 1;
    const y = d3.scaleLinear().domain([0, max]).nice().range([height - margin.bottom, margin.top]);
    const svg = d3.create("svg").attr("width", w).attr("height", height).attr("viewBox", `0 0 ${w} ${height}`).attr("role", "img").attr("data-chart", "exponents");
    svg.attr("aria-label", `梯度的二进制指数分布与 FP16 的表示范围（最小次正规数 2^-24，最小正规数 2^-14）。${histograms.map((h) => describeExponents(h.name, h.histogram)).join("；")}。`);
    const at = (e: number) => x(e)!;
    svg.append("rect").attr("x", at(-24)).attr("y", margin.top).attr("width", at(-14) - at(-24)).attr("height", height - margin.top - margin.bottom).attr("fill", "currentColor").attr("opacity", 0.08);
    const band = x.bandwidth() / histograms.length;
    histograms.forEach(({ name, histogram, color }, k) => {
      svg.append("g").attr("data-series", name).selectAll("rect").data(histogram.bins).join("rect").attr("x", (b) => x(b.exponent)! + k * band).attr("width", band).attr("y", (b) => y(b.count)).attr("height", (b) => y(0) - y(b.count)).attr("fill", color);
      svg.append("text").attr("x", margin.left + 6).attr("y", margin.top + 12 + 14 * k).attr("font-size", 11).attr("fill", color).text(name);
    });
    for (const [e, label] of [[-24, "2⁻²⁴ 最小次正规数"], [-14, "2⁻¹⁴ 最小正规数"]] as const) {
      svg.append("line").attr("x1", at(e)).attr("x2", at(e)).attr("y1", margin.top).attr("y2", height - margin.bottom).attr("stroke", "#d62728").attr("stroke-dasharray", "4 3");
      svg.append("text").attr("x", at(e) + 3).attr("y", margin.top + (e === -24 ? 40 : 54)).attr("font-size", 10).attr("fill", "#d62728").text(label);
    }
    svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).tickValues(bins.map((b) => b.exponent).filter((e) => e % 4 === 0)).tickFormat((e) => `2^${e}`));
    svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(4));
    svg.append("text").attr("x", w - margin.right).attr("y", height - 4).attr("text-anchor", "end").attr("font-size", 11).attr("fill", "currentColor").text("|梯度| 所在的区间 [2^e, 2^(e+1))");
    return svg.node()!;
  });
}
