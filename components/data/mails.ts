// The mails of 3.4 (data/mails.json.ts): word ids [n, 64] (0 = padding) and labels
// (0 = ham, 1 = spam) per split, with the vocabulary. Bad files raise MailsFormatError.
import * as tf from "@book/tf";
import { WordVocab } from "../text/words.js";
import { readJson, type JsonSource } from "./json-source.js";
import { DataFormatError } from "./format-error.js";

export interface MailSplit {
  ids: Uint16Array;
  labels: Uint8Array;
  count: number;
}

export interface MailData {
  length: number;
  vocab: WordVocab;
  train: MailSplit;
  test: MailSplit;
}

export class MailsFormatError extends DataFormatError {
  constructor(detail: string) {
    super("邮件", detail);
  }
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function parseSplit(raw: { ids?: unknown; labels?: unknown } | undefined, length: number, vocabSize: number, which: string): MailSplit {
  if (typeof raw?.ids !== "string" || typeof raw.labels !== "string") throw new MailsFormatError(`缺少${which}`);
  const bytes = fromBase64(raw.ids);
  const count = raw.labels.length;
  if (bytes.length !== count * length * 2) throw new MailsFormatError(`${which}应有 ${count} 封邮件 × ${length} 个词，数据长度不符（文件可能被截断）`);
  const ids = new Uint16Array(bytes.buffer, bytes.byteOffset, count * length);
  if (ids.some((id) => id >= vocabSize)) throw new MailsFormatError(`${which}里有超出词表的编号`);
  if (!/^[01]*$/.test(raw.labels)) throw new MailsFormatError(`${which}的标签只能是 0 或 1`);
  return { ids, labels: Uint8Array.from(raw.labels, Number), count };
}

export async function loadMails(source: JsonSource): Promise<MailData> {
  const raw = (await readJson(source, (detail) => new MailsFormatError(detail))) as any;
  if (raw?.format !== "dlbook-mails-2" || !Array.isArray(raw.vocab)) throw new MailsFormatError("格式标记不对");
  const vocab = new WordVocab(raw.vocab);
  return { length: raw.length, vocab, train: parseSplit(raw.train, raw.length, vocab.size, "训练集"), test: parseSplit(raw.test, raw.length, vocab.size, "测试集") };
}

/** ids [n, length] int32 and labels [n, 1] float32 of a split. */
export function mailTensors(split: MailSplit, length: number): { x: tf.Tensor2D; y: tf.Tensor2D; dispose(): void } {
  const x = tf.tensor2d(Int32Array.from(split.ids), [split.count, length], "int32");
  const y = tf.tensor2d(Float32Array.from(split.labels), [split.count, 1]);
  return { x, y, dispose: () => tf.dispose([x, y]) };
}
