// Reading 5.2's calculator form: every field is a positive integer, heads divide d_model,
// micro-batches divide the batch, and no result leaves the range where double precision counts
// bytes exactly. Each problem comes back as a Chinese message for the field it belongs to;
// nothing is computed from a form that has one.
import { memoryReport, type MemoryReport, type TrainingSetup, type TransformerShape } from "./transformer-memory.js";

export const MEMORY_FIELDS = {
  layers: "层数 L",
  dModel: "模型维度 d",
  heads: "注意力头数 a",
  vocab: "词表大小 V",
  ffn: "前馈宽度",
  sequence: "序列长度 s",
  batch: "每卡批大小 b",
  microBatches: "微批个数",
  gpus: "GPU 数 N"
} as const;

export type MemoryField = keyof typeof MEMORY_FIELDS;
export type MemoryForm = Record<MemoryField, string>;

export type MemoryInput =
  | { ok: true; shape: TransformerShape; setup: TrainingSetup; report: MemoryReport }
  | { ok: false; errors: Partial<Record<MemoryField | "result", string>> };

/** One field: a positive whole number, or the message that says why not. */
export function readPositiveInteger(text: string, label: string): number | string {
  const trimmed = text.trim();
  if (trimmed === "") return `「${label}」是空的：请填一个正整数。`;
  const value = Number(trimmed);
  if (Number.isNaN(value)) return `「${label}」不是数字（${trimmed}）：请填一个正整数。`;
  if (!Number.isFinite(value)) return `「${label}」超出了双精度浮点数的范围：请填一个有限的正整数。`;
  if (value <= 0) return `「${label}」必须大于 0（现在是 ${trimmed}）。`;
  if (!Number.isInteger(value)) return `「${label}」必须是整数（现在是 ${trimmed}）。`;
  if (!Number.isSafeInteger(value)) return `「${label}」太大（超过 2⁵³），双精度浮点数已不能精确表示它。`;
  return value;
}

/** The form's text, on top of a preset's architecture (norm, biases, positions, …). */
export function readMemoryForm(form: MemoryForm, architecture: TransformerShape, precision: TrainingSetup["precision"], dropout: boolean): MemoryInput {
  const errors: Partial<Record<MemoryField | "result", string>> = {};
  const values = {} as Record<MemoryField, number>;
  for (const field of Object.keys(MEMORY_FIELDS) as MemoryField[]) {
    const read = readPositiveInteger(form[field] ?? "", MEMORY_FIELDS[field]);
    if (typeof read === "string") errors[field] = read;
    else values[field] = read;
  }
  if (!errors.dModel && !errors.heads && values.dModel % values.heads !== 0) errors.heads = `模型维度 ${values.dModel} 不能被头数 ${values.heads} 整除：每个头的维度 d/a 必须是整数。`;
  if (!errors.batch && !errors.microBatches && values.batch % values.microBatches !== 0) errors.microBatches = `批大小 ${values.batch} 不能被微批个数 ${values.microBatches} 整除：每个微批的样本数必须是整数。`;
  if (Object.keys(errors).length) return { ok: false, errors };
  const shape: TransformerShape = { ...architecture, layers: values.layers, dModel: values.dModel, heads: values.heads, vocab: values.vocab, ffn: values.ffn, maxLength: values.sequence };
  const setup: TrainingSetup = { sequence: values.sequence, batch: values.batch, microBatches: values.microBatches, precision, dropout, gpus: values.gpus };
  const report = memoryReport(shape, setup);
  const numbers = [report.parameters, report.modelStates, report.activations, report.activationsRecomputed, ...report.zero];
  if (numbers.some((n) => !Number.isFinite(n))) return { ok: false, errors: { result: "这个配置需要的字节数超出了双精度浮点数能表示的范围（约 1.8×10³⁰⁸）：请把数字改小。" } };
  if (!Number.isSafeInteger(report.parameters)) return { ok: false, errors: { result: `参数量约 ${report.parameters.toExponential(2)}，超过 2⁵³：双精度浮点数已不能精确计数，请把数字改小。` } };
  return { ok: true, shape, setup, report };
}
