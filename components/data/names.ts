// The names of 3.3 (data/names.json.ts): each split as parallel arrays of names and labels
// (0 = 女, 1 = 男). A malformed or truncated file raises NamesFormatError, never NaNs.
import { readJson, type JsonSource } from "./json-source.js";
import { DataFormatError } from "./format-error.js";

export interface NamesSplit {
  names: string[];
  labels: Uint8Array;
}

export interface NamesData {
  classes: string[];
  counts: { female: number; male: number };
  ambiguous: { count: number; examples: string[] };
  train: NamesSplit;
  test: NamesSplit;
}

export class NamesFormatError extends DataFormatError {
  constructor(detail: string) {
    super("名字", detail);
  }
}

function parseSplit(raw: unknown, which: string): NamesSplit {
  const split = raw as { names?: unknown; labels?: unknown } | undefined;
  if (typeof split?.names !== "string" || typeof split.labels !== "string") throw new NamesFormatError(`缺少 ${which} 部分`);
  const names = split.names.split("\n");
  if (names.length !== split.labels.length) throw new NamesFormatError(`${which} 有 ${names.length} 个名字却有 ${split.labels.length} 个标签（文件可能被截断）`);
  if (!/^[01]*$/.test(split.labels)) throw new NamesFormatError(`${which} 的标签只能是 0 或 1`);
  if (names.some((n) => !n)) throw new NamesFormatError(`${which} 里有空名字`);
  return { names, labels: Uint8Array.from(split.labels, (c) => Number(c)) };
}

/** Reads the file (a FileAttachment, a Response, JSON text or the parsed object). */
export async function loadNames(source: JsonSource): Promise<NamesData> {
  const raw = await readJson(source, (detail) => new NamesFormatError(detail));
  const data = raw as { format?: string; classes?: string[]; counts?: NamesData["counts"]; ambiguous?: NamesData["ambiguous"]; train?: unknown; test?: unknown };
  if (data?.format !== "dlbook-names-1") throw new NamesFormatError("格式标记不对");
  return { classes: data.classes ?? ["女", "男"], counts: data.counts!, ambiguous: data.ambiguous!, train: parseSplit(data.train, "训练集"), test: parseSplit(data.test, "测试集") };
}

/** Share of the most common label: what always guessing it scores. */
export function majorityBaseline(split: NamesSplit): { label: number; accuracy: number } {
  const ones = split.labels.reduce((s, v) => s + v, 0);
  const label = ones * 2 > split.labels.length ? 1 : 0;
  return { label, accuracy: (label ? ones : split.labels.length - ones) / Math.max(1, split.labels.length) };
}
