// The model store's file format (.dlmodel): one file that carries what tfjs would split
// into model.json + weights.bin, plus the model card, so a reader can export a model,
// keep it on a USB stick and import it elsewhere. The book's reference CNN ships in it too.
//
// Layout (little-endian):
//   "DLBM" · u8 format version · 3 bytes 0 · u32 JSON bytes · u32 weight bytes ·
//   u32 FNV-1a checksum of JSON + weights · JSON (UTF-8) · weights (tfjs weightData, raw)
// JSON = { card, modelTopology, weightSpecs, trainingConfig?, format?, generatedBy?, convertedBy? }
// — the fields of tfjs's model.json, with weightsManifest replaced by one flat weightSpecs.
import type { io } from "@book/tf";
import { orderCard, validateCard, type ModelCard } from "./card.js";
import { ModelFileError } from "./errors.js";
import { checkWeights } from "./validate.js";
import { fnv1a } from "../util/hash.js";

export const MAGIC = "DLBM";
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 20;
export const FILE_EXTENSION = ".dlmodel";
/** Larger files are refused before being read: the book's models are a few MB at most. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A model as the store keeps it: tfjs artifacts with the weights in one buffer, and its card. */
export interface ModelPackage {
  card: ModelCard;
  artifacts: io.ModelArtifacts & { modelTopology: object; weightSpecs: io.WeightsManifestEntry[]; weightData: ArrayBuffer };
}

/** The JSON part of a package: everything but the weights. */
export function packageJson({ card, artifacts }: ModelPackage): string {
  const { modelTopology, weightSpecs, trainingConfig, format, generatedBy, convertedBy } = artifacts;
  return JSON.stringify({ card: orderCard(card), modelTopology, weightSpecs, trainingConfig, format, generatedBy, convertedBy });
}

export function encodeBundle(pkg: ModelPackage): Uint8Array {
  const json = new TextEncoder().encode(packageJson(pkg));
  const weights = new Uint8Array(pkg.artifacts.weightData);
  const file = new Uint8Array(HEADER_BYTES + json.length + weights.length);
  file.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(file.buffer);
  view.setUint8(4, FORMAT_VERSION);
  view.setUint32(8, json.length, true);
  view.setUint32(12, weights.length, true);
  file.set(json, HEADER_BYTES);
  file.set(weights, HEADER_BYTES + json.length);
  view.setUint32(16, fnv1a(file.subarray(HEADER_BYTES)), true);
  return file;
}

/** Reads and checks a .dlmodel file; every problem is a ModelFileError in Chinese. Checks
 * what can be checked without tfjs (the weights' fit to the layers is checked on loading). */
export function decodeBundle(input: ArrayBuffer | Uint8Array): ModelPackage {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length > MAX_FILE_BYTES) throw new ModelFileError(`文件有 ${(bytes.length / 2 ** 20).toFixed(0)} MB，超过上限 ${MAX_FILE_BYTES / 2 ** 20} MB，不像是本书的模型`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new ModelFileError(guessFormat(bytes));
  if (bytes.length < HEADER_BYTES) throw new ModelFileError(`文件只有 ${bytes.length} 字节，连文件头都不完整（可能下载或复制时被截断）`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (view.getUint8(4) !== FORMAT_VERSION) throw new ModelFileError(`文件格式版本 ${view.getUint8(4)} 不受支持（本书读取版本 ${FORMAT_VERSION}）`);
  const [jsonBytes, weightBytes, checksum] = [8, 12, 16].map((at) => view.getUint32(at, true));
  const expected = HEADER_BYTES + jsonBytes + weightBytes;
  if (bytes.length < expected) throw new ModelFileError(`文件被截断：应有 ${expected.toLocaleString("en-US")} 字节，只有 ${bytes.length.toLocaleString("en-US")} 字节`);
  if (bytes.length > expected) throw new ModelFileError(`文件末尾多出 ${(bytes.length - expected).toLocaleString("en-US")} 字节，文件已损坏`);
  if (fnv1a(bytes.subarray(HEADER_BYTES)) !== checksum) throw new ModelFileError("校验和不符，文件内容已损坏");
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + jsonBytes)));
  } catch {
    throw new ModelFileError("模型描述（JSON）无法解析，文件已损坏");
  }
  const card = validateCard(json.card);
  // A copy of exactly these bytes (a Node Buffer's slice would share its whole pool).
  const weightData = new Uint8Array(bytes.subarray(HEADER_BYTES + jsonBytes, expected)).buffer;
  const { modelTopology, weightSpecs } = checkWeights(json.modelTopology, json.weightSpecs, weightData.byteLength, card.parameters);
  const optional = (key: string) => (json[key] === undefined ? {} : { [key]: json[key] });
  return {
    card,
    artifacts: { modelTopology, weightSpecs, weightData, ...optional("trainingConfig"), ...optional("format"), ...optional("generatedBy"), ...optional("convertedBy") }
  };
}

/** A friendly guess at what the reader picked instead of a .dlmodel file. */
function guessFormat(bytes: Uint8Array): string {
  if (bytes.length === 0) return "文件是空的";
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (start.startsWith("{")) {
    const text = new TextDecoder().decode(bytes.subarray(0, 4096));
    if (text.includes('"modelTopology"') || text.includes('"weightsManifest"')) return `这是 tfjs 的 model.json，权重在另外的 .bin 文件里；本书的模型库只导入它自己导出的 ${FILE_EXTENSION} 文件（模型描述、权重和模型卡合在一个文件里）`;
    return `这是一个 JSON 文件，不是本书导出的 ${FILE_EXTENSION} 模型文件`;
  }
  if (start.startsWith("MNST")) return "这是本书的 MNIST 数据文件，不是模型文件";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return `这是一个 zip 压缩包；请先解压，再导入其中的 ${FILE_EXTENSION} 文件`;
  if (bytes.length < 4) return `文件只有 ${bytes.length} 字节，不是完整的模型文件`;
  return `文件开头不是“${MAGIC}”，这不是本书导出的 ${FILE_EXTENSION} 模型文件`;
}
