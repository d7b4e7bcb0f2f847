// The book's MNIST file (data/mnist.bin, built by data/mnist.bin.ts from the `mnist`
// package's 10,000 real digits): a small header, then the deflated payload
//   train pixels (n×784 uint8) · train labels (n) · test pixels (m×784) · test labels (m).
// Header (little-endian): "MNST", u8 version, 3 bytes 0, u32 n, u32 m, u32 rows, u32 cols,
// u32 FNV-1a checksum of the uncompressed payload. A damaged file gives a clear error.

import { deflate, inflate } from "../util/bytes.js";
import { DataFormatError } from "./format-error.js";
import { fnv1a } from "../util/hash.js";

export const MAGIC = "MNST";
export const VERSION = 1;
const HEADER = 28;

export interface MnistSplit {
  count: number;
  images: Uint8Array; // count × rows × cols, 0–255
  labels: Uint8Array; // count, 0–9
}

export interface MnistData {
  rows: number;
  cols: number;
  train: MnistSplit;
  test: MnistSplit;
}

export class MnistFormatError extends DataFormatError {
  constructor(detail: string) {
    super("MNIST ", detail);
  }
}

export async function encodeMnist({ rows, cols, train, test }: MnistData): Promise<Uint8Array> {
  const size = rows * cols;
  const payload = new Uint8Array((train.count + test.count) * (size + 1));
  let at = 0;
  for (const part of [train.images, train.labels, test.images, test.labels]) {
    payload.set(part, at);
    at += part.length;
  }
  const header = new Uint8Array(HEADER);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint8(4, VERSION);
  [train.count, test.count, rows, cols, fnv1a(payload)].forEach((v, i) => view.setUint32(8 + 4 * i, v, true));
  const deflated = await deflate(payload);
  const file = new Uint8Array(HEADER + deflated.length);
  file.set(header, 0);
  file.set(deflated, HEADER);
  return file;
}

export async function decodeMnist(buffer: ArrayBuffer | Uint8Array): Promise<MnistData> {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < HEADER) throw new MnistFormatError(`文件只有 ${bytes.length} 字节，连文件头都不完整（可能下载中断）`);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new MnistFormatError("文件头不对，这不是本书的 MNIST 文件");
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  if (view.getUint8(4) !== VERSION) throw new MnistFormatError(`不支持的版本 ${view.getUint8(4)}`);
  const [n, m, rows, cols, checksum] = [0, 1, 2, 3, 4].map((i) => view.getUint32(8 + 4 * i, true));
  const size = rows * cols;
  let payload: Uint8Array;
  try {
    payload = await inflate(bytes.subarray(HEADER));
  } catch {
    throw new MnistFormatError("压缩数据已损坏或被截断");
  }
  if (payload.length !== (n + m) * (size + 1)) throw new MnistFormatError(`数据长度 ${payload.length} 与文件头不符（应为 ${(n + m) * (size + 1)}），文件可能被截断`);
  if (fnv1a(payload) !== checksum) throw new MnistFormatError("校验和不符，数据已损坏");
  const labelsOk = (labels: Uint8Array) => labels.every((l) => l < 10);
  const train = { count: n, images: payload.subarray(0, n * size), labels: payload.subarray(n * size, n * (size + 1)) };
  const test = { count: m, images: payload.subarray(n * (size + 1), n * (size + 1) + m * size), labels: payload.subarray(n * (size + 1) + m * size) };
  if (!labelsOk(train.labels) || !labelsOk(test.labels)) throw new MnistFormatError("标签不在 0–9 之间");
  return { rows, cols, train, test };
}
