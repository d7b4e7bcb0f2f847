// The model card (第7章, 模型库): what every stored version says about itself, in the spirit
// of "Model Cards for Model Reporting": what it is, what it was trained on, how well it did
// and where that was measured, on what hardware, and where it came from. Pure data + checks.
import { ModelFileError } from "./errors.js";

export interface ModelMetrics {
  /** Share of the test set classified correctly, 0–1; null when not measured. */
  testAccuracy: number | null;
  /** How many test examples that was measured on. */
  testSize: number | null;
  /** The cell or command that measured it, e.g. "3.2 节单元 save-cnn" or "scripts/train-reference-cnn.ts". */
  measuredBy: string;
  /** A language model's perplexity on held-out text (testSize = its characters); absent on
   * classifiers' cards (cards written before it existed keep their bytes). */
  testPerplexity?: number | null;
}

export interface ModelCard {
  /** The model's name in the store: versions of one model share it ("mnist-cnn"). */
  name: string;
  /** 1, 2, 3… assigned by the store when the version is saved. */
  version: number;
  /** A readable summary of the layers ("卷积 32 → 池化 → …"). */
  architecture: string;
  parameters: number;
  trainingData: { name: string; size: number };
  metrics: ModelMetrics;
  /** The tfjs backend it was trained on ("wasm", "webgpu", "cpu"…). */
  backend: string;
  trainingSeconds: number | null;
  /** Optimizer steps taken (absent on cards that do not record it). */
  trainingSteps?: number | null;
  /** ISO 8601 time of saving. */
  createdAt: string;
  /** The version this one continues from (more training, compression…), if any. */
  parentVersion: number | null;
  /** The book section that made it ("3.2"). */
  chapter: string;
  notes: string;
}

/** What a page provides; the store fills in the version and the date. */
export type CardDraft = Omit<ModelCard, "version" | "createdAt"> & Partial<Pick<ModelCard, "createdAt">>;

/** The card's fields in reading order, with the Chinese labels the views show. */
export const CARD_LABELS: [keyof ModelCard, string][] = [
  ["name", "名称"],
  ["version", "版本"],
  ["architecture", "结构"],
  ["parameters", "参数量"],
  ["trainingData", "训练数据"],
  ["metrics", "测试指标"],
  ["backend", "训练后端"],
  ["trainingSeconds", "训练用时"],
  ["trainingSteps", "训练步数"],
  ["createdAt", "保存时间"],
  ["parentVersion", "父版本"],
  ["chapter", "出自章节"],
  ["notes", "备注"]
];

/** Names are keys in the store and parts of file names: letters, digits, -, _, . and CJK. */
const NAME = /^[\p{L}\p{N}_.-]{1,64}$/u;

/** Checks an untrusted card (from an imported file) field by field; throws ModelFileError
 * naming the first bad field. */
export function validateCard(value: unknown): ModelCard {
  const card = value as Record<string, unknown>;
  if (!card || typeof card !== "object" || Array.isArray(card)) throw new ModelFileError("缺少模型卡（card）");
  const bad = (field: string, why: string): never => {
    throw new ModelFileError(`模型卡的“${field}”${why}`);
  };
  const text = (field: string) => typeof card[field] === "string" || bad(field, "应为文字");
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  const nullableNumber = (field: string, v: unknown, ok: (x: number) => boolean) => v === null || (typeof v === "number" && ok(v)) || bad(field, "不是合法的数");
  if (typeof card.name !== "string" || !NAME.test(card.name)) bad("名称", "只能由 1–64 个字母、数字、汉字和 - _ . 组成");
  if (!Number.isSafeInteger(card.version) || (card.version as number) < 1) bad("版本", "应为正整数");
  ["architecture", "backend", "chapter", "notes"].forEach(text);
  if (!count(card.parameters)) bad("参数量", "应为非负整数");
  const data = card.trainingData as Record<string, unknown>;
  if (!data || typeof data.name !== "string" || !count(data.size)) bad("训练数据", "应包含名称和样本数");
  const metrics = card.metrics as Record<string, unknown>;
  if (!metrics || typeof metrics !== "object") bad("测试指标", "缺失");
  nullableNumber("测试准确率", metrics.testAccuracy, (x) => x >= 0 && x <= 1);
  if (metrics.testSize !== null && !count(metrics.testSize)) bad("测试样本数", "应为非负整数");
  if (typeof metrics.measuredBy !== "string") bad("测量方式", "应为文字");
  if (metrics.testPerplexity !== undefined) nullableNumber("测试困惑度", metrics.testPerplexity, (x) => Number.isFinite(x) && x >= 1);
  nullableNumber("训练用时", card.trainingSeconds, (x) => Number.isFinite(x) && x >= 0);
  if (card.trainingSteps !== undefined && card.trainingSteps !== null && !count(card.trainingSteps)) bad("训练步数", "应为非负整数或空");
  if (typeof card.createdAt !== "string" || Number.isNaN(Date.parse(card.createdAt))) bad("保存时间", "不是合法的日期");
  if (card.parentVersion !== null && (!Number.isSafeInteger(card.parentVersion) || (card.parentVersion as number) < 1)) bad("父版本", "应为正整数或空");
  return orderCard(card as unknown as ModelCard);
}

/** The card's fields alone, always in the same order, so the same card gives the same bytes
 * (an exported, imported and re-exported model is byte-identical). The optional fields appear
 * only when set, so a card without them has the bytes it had before they existed. */
export function orderCard(card: ModelCard): ModelCard {
  const { trainingData: data, metrics: m } = card;
  return {
    name: card.name,
    version: card.version,
    architecture: card.architecture,
    parameters: card.parameters,
    trainingData: { name: data.name, size: data.size },
    metrics: { testAccuracy: m.testAccuracy, testSize: m.testSize, measuredBy: m.measuredBy, ...(m.testPerplexity === undefined ? {} : { testPerplexity: m.testPerplexity }) },
    backend: card.backend,
    trainingSeconds: card.trainingSeconds,
    ...(card.trainingSteps === undefined ? {} : { trainingSteps: card.trainingSteps }),
    createdAt: card.createdAt,
    parentVersion: card.parentVersion,
    chapter: card.chapter,
    notes: card.notes
  };
}

/** One field as the reader reads it ("97.6%（2,000 张测试图像，由 … 测得）"). */
export function formatCardField(card: ModelCard, field: keyof ModelCard): string {
  const n = (x: number) => x.toLocaleString("en-US");
  switch (field) {
    case "parameters":
      return n(card.parameters);
    case "trainingData":
      return `${card.trainingData.name}，${n(card.trainingData.size)} 个样本`;
    case "metrics": {
      const { testAccuracy, testSize, measuredBy, testPerplexity } = card.metrics;
      if (typeof testPerplexity === "number") return `测试困惑度 ${testPerplexity.toFixed(1)}${testSize ? `（${n(testSize)} 个测试字符）` : ""}，由 ${measuredBy} 测得`;
      if (testAccuracy === null) return "未测量";
      return `测试集准确率 ${(testAccuracy * 100).toFixed(1)}%${testSize ? `（${n(testSize)} 个测试样本）` : ""}，由 ${measuredBy} 测得`;
    }
    case "trainingSteps":
      return card.trainingSteps === undefined || card.trainingSteps === null ? "未记录" : n(card.trainingSteps);
    case "trainingSeconds":
      return card.trainingSeconds === null ? "未记录" : `${card.trainingSeconds.toFixed(1)} 秒`;
    case "createdAt":
      return new Date(card.createdAt).toLocaleString("zh-CN", { hour12: false });
    case "parentVersion":
      return card.parentVersion === null ? "无（从头训练）" : `版本 ${card.parentVersion}`;
    case "version":
      return `版本 ${card.version}`;
    default:
      return String(card[field]) || "—";
  }
}

/** The card's main figure in a few characters, for lists ("准确率 97.6%", "困惑度 135.5"). */
export function headlineMetric(card: ModelCard): string {
  const { testAccuracy, testPerplexity } = card.metrics;
  if (typeof testPerplexity === "number") return `困惑度 ${testPerplexity.toFixed(1)}`;
  return testAccuracy === null ? "未测准确率" : `准确率 ${(testAccuracy * 100).toFixed(1)}%`;
}
