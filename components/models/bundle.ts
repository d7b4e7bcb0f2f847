// The model store's file format (.dlmodel): one file that carries what tfjs would split
// into model.json + weights.bin, plus the model card, so a reader can export a model,
// keep it on a USB stick and import it elsewhere. The book's reference CNN ships in it too.
//
// Layout (little-endian):
//   "DLBM" · u8 format version · 3 bytes 0 · u32 JSON bytes · u32 weight bytes ·
//   u32 FNV-1a checksum of JSON + weights · JSON (UTF-8) · weights (raw, in manifest order)
// Two kinds of model, told apart by the JSON's "kind":
//   Keras (tf.LayersModel), format version 1, no "kind" (files written before there were two
//   kinds read unchanged, and older copies of the book still read new Keras files):
//     { card, modelTopology, weightSpecs, trainingConfig?, format?, generatedBy?, convertedBy? }
//     — the fields of tfjs's model.json, with weightsManifest replaced by one flat weightSpecs;
//   a weights bundle (a model the book builds from plain tensors, e.g. 3.6's GPT), version 2:
//     { kind: "weights", card, builder, config, vocabulary, weightSpecs }
//     — builder names the function that rebuilds it ("gpt-char"), config its architecture,
//     vocabulary its token table (or null). Older copies of the book refuse it by version.
import type { io } from "@book/tf";
import { orderCard, validateCard, type ModelCard } from "./card.js";
import { ModelFileError } from "./errors.js";
import { checkManifest, checkWeights } from "./validate.js";
import { fnv1a } from "../util/hash.js";

export const MAGIC = "DLBM";
/** The newest format version this book writes and reads (1: Keras only; 2: with "kind"). */
export const FORMAT_VERSION = 2;
export const HEADER_BYTES = 20;
export const FILE_EXTENSION = ".dlmodel";
/** Larger files are refused before being read: the book's models are a few MB at most. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A Keras model as the store keeps it: tfjs artifacts with the weights in one buffer, and its card. */
export interface ModelPackage {
  kind?: "layers";
  card: ModelCard;
  artifacts: io.ModelArtifacts & { modelTopology: object; weightSpecs: io.WeightsManifestEntry[]; weightData: ArrayBuffer };
}

/** A model that is not a tf.LayersModel: named tensors (weightSpecs + weightData, tfjs's own
 * manifest layout) plus what its builder needs to make it again. */
export interface WeightsBundle {
  kind: "weights";
  card: ModelCard;
  /** The function that rebuilds the model ("gpt-char"): see builders.ts. */
  builder: string;
  /** The architecture, as the builder reads it (JSON). */
  config: Record<string, unknown>;
  /** The model's token table (id → token), or null for a model without one. */
  vocabulary: string[] | null;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** Anything the store holds. */
export type StoredPackage = ModelPackage | WeightsBundle;

export const isWeightsBundle = (pkg: StoredPackage): pkg is WeightsBundle => pkg.kind === "weights";

/** The weights' bytes, whichever the kind. */
export const weightBytesOf = (pkg: StoredPackage): ArrayBuffer => (isWeightsBundle(pkg) ? pkg.weightData : pkg.artifacts.weightData);

/** The JSON part of a package: everything but the weights. */
export function packageJson(pkg: StoredPackage): string {
  if (isWeightsBundle(pkg)) {
    const { card, builder, config, vocabulary, weightSpecs } = pkg;
    return JSON.stringify({ kind: "weights", card: orderCard(card), builder, config, vocabulary, weightSpecs });
  }
  const { modelTopology, weightSpecs, trainingConfig, format, generatedBy, convertedBy } = pkg.artifacts;
  return JSON.stringify({ card: orderCard(pkg.card), modelTopology, weightSpecs, trainingConfig, format, generatedBy, convertedBy });
}

export function encodeBundle(pkg: StoredPackage): Uint8Array {
  const json = new TextEncoder().encode(packageJson(pkg));
  const weights = new Uint8Array(weightBytesOf(pkg));
  const file = new Uint8Array(HEADER_BYTES + json.length + weights.length);
  file.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(file.buffer);
  view.setUint8(4, isWeightsBundle(pkg) ? 2 : 1);
  view.setUint32(8, json.length, true);
  view.setUint32(12, weights.length, true);
  file.set(json, HEADER_BYTES);
  file.set(weights, HEADER_BYTES + json.length);
  view.setUint32(16, fnv1a(file.subarray(HEADER_BYTES)), true);
  return file;
}

/** Reads and checks a .dlmodel file of either kind; every problem is a ModelFileError in
 * Chinese. Checks what can be checked without tfjs (whether the weights fit the layers or the
 * builder is checked on loading: artifacts.ts, builders.ts). */
export function decodeFile(input: ArrayBuffer | Uint8Array): StoredPackage {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length > MAX_FILE_BYTES) throw new ModelFileError(`文件有 ${(bytes.length / 2 ** 20).toFixed(0)} MB，超过上限 ${MAX_FILE_BYTES / 2 ** 20} MB，不像是本书的模型`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new ModelFileError(guessFormat(bytes));
  if (bytes.length < HEADER_BYTES) throw new ModelFileError(`文件只有 ${bytes.length} 字节，连文件头都不完整（可能下载或复制时被截断）`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = view.getUint8(4);
  if (version < 1 || version > FORMAT_VERSION) throw new ModelFileError(`文件格式版本 ${version} 不受支持（本书读取版本 1–${FORMAT_VERSION}；它可能来自更新版本的本书）`);
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
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new ModelFileError("模型描述（JSON）不是一个对象，文件已损坏");
  const card = validateCard(json.card);
  // A copy of exactly these bytes (a Node Buffer's slice would share its whole pool).
  const weightData = new Uint8Array(bytes.subarray(HEADER_BYTES + jsonBytes, expected)).buffer;
  const kind = json.kind ?? "layers";
  if (kind === "weights" && version >= 2) return weightsBundleFrom(json, card, weightData);
  if (kind !== "layers") throw new ModelFileError(`模型种类“${String(kind)}”不受支持（本书认识 Keras 模型和权重包）`);
  const { modelTopology, weightSpecs } = checkWeights(json.modelTopology, json.weightSpecs, weightData.byteLength, card.parameters);
  const optional = (key: string) => (json[key] === undefined ? {} : { [key]: json[key] });
  return {
    card,
    artifacts: { modelTopology, weightSpecs, weightData, ...optional("trainingConfig"), ...optional("format"), ...optional("generatedBy"), ...optional("convertedBy") }
  };
}

/** A Keras model from a .dlmodel file (what the CNN pages and 第 7 章 read); a weights bundle
 * is refused with a message that says what it is. */
export function decodeBundle(input: ArrayBuffer | Uint8Array): ModelPackage {
  const pkg = decodeFile(input);
  if (isWeightsBundle(pkg)) throw new ModelFileError(notKeras(pkg));
  return pkg;
}

/** Why a weights bundle cannot be used where a Keras model is needed. */
export function notKeras(bundle: WeightsBundle): string {
  return `“${bundle.card.name}”（版本 ${bundle.card.version}）是 ${bundle.card.chapter} 节的权重包（${bundle.builder}），不是 Keras 卷积网络这一类 tf.LayersModel，这里用不了它`;
}

function weightsBundleFrom(json: Record<string, unknown>, card: ModelCard, weightData: ArrayBuffer): WeightsBundle {
  const { builder, config, vocabulary } = json;
  if (typeof builder !== "string" || !/^[\w.-]{1,64}$/.test(builder)) throw new ModelFileError("权重包缺少合法的构建方式（builder）");
  if (!config || typeof config !== "object" || Array.isArray(config)) throw new ModelFileError("权重包缺少模型结构配置（config）");
  if (vocabulary !== null && (!Array.isArray(vocabulary) || !vocabulary.every((t) => typeof t === "string"))) throw new ModelFileError("权重包的词表（vocabulary）应为文字列表或空");
  const weightSpecs = checkManifest(json.weightSpecs, weightData.byteLength, card.parameters);
  return { kind: "weights", card, builder, config: config as Record<string, unknown>, vocabulary: vocabulary as string[] | null, weightSpecs, weightData };
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
