// 第1章's landmark models (data/landmark-models.json, copied from Epoch AI's "Notable AI
// Models", CC BY 4.0): a checked loader, and the exponential trend through them as a
// least-squares line on log2 of the quantity, whose slope gives a doubling time.
import { DataFormatError } from "./format-error.js";
import { readJson, type JsonSource } from "./json-source.js";

export const DOMAINS = ["vision", "language", "games", "multimodal", "speech", "image-generation", "science"] as const;
export type Domain = (typeof DOMAINS)[number];

/** How the page names and colours each domain. */
export const DOMAIN_LABELS: Record<Domain, string> = {
  vision: "视觉",
  language: "语言",
  games: "博弈/强化学习",
  multimodal: "多模态",
  speech: "语音",
  "image-generation": "图像生成",
  science: "科学"
};

export interface LandmarkModel {
  name: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  year: number;
  organization: string;
  domain: Domain;
  /** null: not published. */
  parameters: number | null;
  /** Training compute in FLOP; null: not published. */
  trainingCompute: number | null;
  /** Epoch AI's own rating of the figures (Confident, Likely, Speculative) or null. */
  confidence: string | null;
  source: string;
  paper: string;
  note?: string;
}

export class LandmarkFormatError extends DataFormatError {
  constructor(detail: string) {
    super("里程碑模型", detail);
  }
}

const inRange = (value: unknown, low: number, high: number) => value === null || (typeof value === "number" && Number.isFinite(value) && value >= low && value <= high);

/** Throws a LandmarkFormatError naming the first entry that is not a plausible model. */
export function checkLandmarks(data: unknown): LandmarkModel[] {
  const models = (data as { models?: unknown })?.models;
  if (!Array.isArray(models) || models.length === 0) throw new LandmarkFormatError("缺少 models 列表");
  for (const [i, m] of (models as Record<string, unknown>[]).entries()) {
    const where = `第 ${i + 1} 项（${String(m?.name ?? "无名")}）`;
    if (typeof m?.name !== "string" || !m.name) throw new LandmarkFormatError(`${where}没有名字`);
    if (typeof m.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(m.date) || Number.isNaN(Date.parse(m.date))) throw new LandmarkFormatError(`${where}的日期不是 YYYY-MM-DD`);
    if (m.year !== Number(m.date.slice(0, 4)) || !inRange(m.year, 2012, new Date().getFullYear())) throw new LandmarkFormatError(`${where}的年份不对`);
    if (!DOMAINS.includes(m.domain as Domain)) throw new LandmarkFormatError(`${where}的领域 ${String(m.domain)} 不认识`);
    // Plausible magnitudes: from a DQN (~10⁵ weights) to 10¹³; compute from 10¹⁴ to 10²⁸ FLOP.
    if (!inRange(m.parameters, 1e5, 1e13)) throw new LandmarkFormatError(`${where}的参数量 ${String(m.parameters)} 不合理`);
    if (!inRange(m.trainingCompute, 1e14, 1e28)) throw new LandmarkFormatError(`${where}的训练计算量 ${String(m.trainingCompute)} 不合理`);
    if (typeof m.source !== "string" || !m.source.trim()) throw new LandmarkFormatError(`${where}没有注明来源`);
    if (typeof m.paper !== "string" || !/^https?:\/\//.test(m.paper)) throw new LandmarkFormatError(`${where}没有论文或发布链接`);
  }
  return models as LandmarkModel[];
}

export async function loadLandmarks(source: JsonSource): Promise<LandmarkModel[]> {
  return checkLandmarks(await readJson(source, (detail) => new LandmarkFormatError(detail)));
}

/** A date as a fractional year (2020-07-02 → ≈2020.5), the x of the trend fit. */
export function fractionalYear(date: string): number {
  const time = Date.parse(`${date}T00:00:00Z`);
  const year = new Date(time).getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  return year + (time - start) / (Date.UTC(year + 1, 0, 1) - start);
}

export interface ExponentialTrend {
  /** log2(value) ≈ slope · year + intercept: slope is doublings per year. */
  slope: number;
  intercept: number;
  /** 12 / slope. */
  doublingMonths: number;
  /** Growth per year, 2^slope. */
  yearlyFactor: number;
  /** Share of the variance of log2(value) the line explains. */
  r2: number;
  n: number;
  /** The fitted value at a fractional year. */
  at(year: number): number;
}

/** Least squares of log2(value) on the year, over points with a positive value. */
export function fitExponentialTrend(points: { year: number; value: number }[]): ExponentialTrend {
  const usable = points.filter((p) => Number.isFinite(p.year) && Number.isFinite(p.value) && p.value > 0);
  const n = usable.length;
  if (n < 2) throw new Error(`拟合趋势至少需要两个正数，这里只有 ${n} 个`);
  const xs = usable.map((p) => p.year);
  const ys = usable.map((p) => Math.log2(p.value));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; ++i) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) throw new Error("所有点的年份相同，无法拟合斜率");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  return {
    slope,
    intercept,
    doublingMonths: 12 / slope,
    yearlyFactor: 2 ** slope,
    r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy),
    n,
    at: (year) => 2 ** (slope * year + intercept)
  };
}

/** One colour per domain (colour-blind-safe Tableau 10 hues). */
export const DOMAIN_COLORS: Record<Domain, string> = {
  vision: "#4e79a7",
  language: "#e15759",
  games: "#59a14f",
  multimodal: "#b07aa1",
  speech: "#edc948",
  "image-generation": "#f28e2b",
  science: "#76b7b2"
};

export type Quantity = "parameters" | "trainingCompute";

/** A number as "1.75 × 10¹¹"-style text for hover details and tables; null → 未公布. */
export function scientific(value: number | null): string {
  if (value === null) return "未公布";
  const exponent = Math.floor(Math.log10(value));
  const mantissa = value / 10 ** exponent;
  return `${mantissa.toFixed(2)}e${exponent}`;
}

/** The models with a published `quantity`, as chart points (x: fractional year). */
export function trendPoints(models: LandmarkModel[], quantity: Quantity) {
  return models
    .filter((m) => m[quantity] !== null)
    .map((m) => ({
      x: fractionalYear(m.date),
      y: m[quantity] as number,
      group: m.domain,
      label: m.name,
      details: `${m.name}（${m.date}，${m.organization}）参数 ${scientific(m.parameters)}，训练计算量 ${scientific(m.trainingCompute)} FLOP`
    }));
}
