// The .dlmodel format: a round trip keeps every byte; truncated, corrupted, wrong-format
// and inconsistent files are refused with a Chinese message naming the problem.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { decodeBundle, encodeBundle, HEADER_BYTES, type ModelPackage } from "../../components/models/bundle.js";
import { ModelFileError } from "../../components/models/errors.js";
import { fnv1a } from "../../components/util/hash.js";
import { samplePackage } from "./sample.js";

let pkg: ModelPackage;
let file: Uint8Array;

before(async () => {
  await tf.setBackend("cpu");
  const sample = await samplePackage();
  sample.model.dispose();
  pkg = sample.pkg;
  file = encodeBundle(pkg);
});

/** A file whose JSON part was edited (lengths and checksum rewritten so only the edit is wrong). */
function withJson(edit: (json: Record<string, unknown>) => void, weights = new Uint8Array(pkg.artifacts.weightData)): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset);
  const json = JSON.parse(new TextDecoder().decode(file.subarray(HEADER_BYTES, HEADER_BYTES + view.getUint32(8, true))));
  edit(json);
  const jsonBytes = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(HEADER_BYTES + jsonBytes.length + weights.length);
  out.set(file.subarray(0, HEADER_BYTES));
  out.set(jsonBytes, HEADER_BYTES);
  out.set(weights, HEADER_BYTES + jsonBytes.length);
  const outView = new DataView(out.buffer);
  outView.setUint32(8, jsonBytes.length, true);
  outView.setUint32(12, weights.length, true);
  outView.setUint32(16, fnv1a(out.subarray(HEADER_BYTES)), true);
  return out;
}

const refused = (bytes: Uint8Array, message: RegExp) =>
  assert.throws(() => decodeBundle(bytes), (error: Error) => error instanceof ModelFileError && message.test(error.message) && error.message.endsWith("模型库没有任何改动。"), message.source);

describe("encodeBundle / decodeBundle", () => {
  it("round-trips the card, the topology, the manifest and every weight byte", () => {
    const back = decodeBundle(file);
    assert.deepEqual(back.card, pkg.card);
    assert.deepEqual(back.artifacts.modelTopology, pkg.artifacts.modelTopology);
    assert.deepEqual(back.artifacts.weightSpecs, pkg.artifacts.weightSpecs);
    assert.deepEqual(new Uint8Array(back.artifacts.weightData), new Uint8Array(pkg.artifacts.weightData));
    assert.equal(file.length, HEADER_BYTES + new TextEncoder().encode(JSON.stringify({ card: pkg.card, modelTopology: pkg.artifacts.modelTopology, weightSpecs: pkg.artifacts.weightSpecs, trainingConfig: pkg.artifacts.trainingConfig, format: pkg.artifacts.format, generatedBy: pkg.artifacts.generatedBy, convertedBy: pkg.artifacts.convertedBy })).length + 27562 * 4);
  });

  it("gives the same bytes for the same card whatever the order of its fields", () => {
    const shuffled = Object.fromEntries(Object.entries(pkg.card).reverse()) as typeof pkg.card;
    assert.deepEqual(encodeBundle({ ...pkg, card: shuffled }), file);
  });

  it("refuses truncated files", () => {
    refused(file.subarray(0, file.length - 1), /文件被截断：应有 [\d,]+ 字节，只有 [\d,]+ 字节/);
    refused(file.subarray(0, file.length >> 1), /文件被截断/);
    refused(file.subarray(0, 10), /连文件头都不完整/);
    refused(new Uint8Array(0), /文件是空的/);
  });

  it("refuses corrupted files: a flipped bit anywhere after the header, extra bytes", () => {
    for (const at of [HEADER_BYTES + 5, file.length - 3, (file.length >> 1) + 1]) {
      const bad = file.slice();
      bad[at] ^= 0x10;
      refused(bad, /校验和不符/);
    }
    const longer = new Uint8Array(file.length + 7);
    longer.set(file);
    refused(longer, /末尾多出 7 字节/);
    const version = file.slice();
    version[4] = 9;
    refused(version, /格式版本 9 不受支持/);
  });

  it("recognises other formats and says what they are", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    refused(text(JSON.stringify({ modelTopology: {}, weightsManifest: [] })), /tfjs 的 model\.json/);
    refused(text('{"a": 1}'), /JSON 文件/);
    refused(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]), /zip/);
    refused(text("MNST\u0001\u0000\u0000\u0000"), /MNIST 数据文件/);
    refused(text("hello world, not a model"), /开头不是“DLBM”/);
  });

  it("refuses a file whose parts disagree: bytes vs manifest, card vs manifest, bad JSON, bad card", () => {
    const weights = new Uint8Array(pkg.artifacts.weightData);
    refused(withJson(() => undefined, weights.subarray(0, weights.length - 4)), /权重数据有 [\d,]+ 字节，而权重清单需要 [\d,]+ 字节/);
    refused(withJson((json) => ((json.card as { parameters: number }).parameters = 5)), /模型卡写的参数量是 5，权重清单里却有 27,562 个数/);
    refused(withJson((json) => ((json.weightSpecs as { dtype: string }[])[0].dtype = "complex64")), /数据类型 complex64 不受支持/);
    refused(withJson((json) => ((json.weightSpecs as { shape: unknown }[])[1].shape = [-1])), /形状 \[-1\] 不合法/);
    refused(withJson((json) => delete json.modelTopology), /缺少模型结构/);
    refused(withJson((json) => delete json.card), /缺少模型卡/);
    refused(withJson((json) => ((json.card as { createdAt: string }).createdAt = "?")), /“保存时间”不是合法的日期/);
    // Valid header and checksum around a JSON part that is not JSON.
    const broken = withJson(() => undefined);
    broken[HEADER_BYTES] = "[".charCodeAt(0);
    new DataView(broken.buffer).setUint32(16, fnv1a(broken.subarray(HEADER_BYTES)), true);
    refused(broken, /JSON）无法解析/);
  });

  it("refuses a huge file before reading it", () => {
    const huge = { length: 300 * 2 ** 20, subarray: () => new Uint8Array(0) } as unknown as Uint8Array;
    Object.setPrototypeOf(huge, Uint8Array.prototype);
    assert.throws(() => decodeBundle(huge), /超过上限 256 MB/);
  });
});

