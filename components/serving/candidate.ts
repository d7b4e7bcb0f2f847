// A second version to roll out as a canary (第7章 7.2): the served model with its weights
// quantized to 8 bits the way tfjs's converter does (`--quantize_uint8`): per tensor,
// q = round((w − min) / scale), stored as uint8 with {scale, min} in the manifest, and
// tfjs turns them back into float32 (q·scale + min) when it loads the model. A quarter of
// the bytes, and predictions that may differ a little: exactly what a canary should check.
import type { ModelPackage } from "../models/bundle.js";
import type { ServedArtifacts } from "./protocol.js";

export function quantizeUint8(artifacts: ModelPackage["artifacts"]): ServedArtifacts & { bytes: number } {
  let offset = 0;
  const parts: Uint8Array[] = [];
  const weightSpecs = artifacts.weightSpecs.map((spec) => {
    if (spec.dtype !== "float32" || spec.quantization) throw new Error(`权重“${spec.name}”不是 float32，无法再量化`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(artifacts.weightData, offset, count);
    offset += count * 4;
    let [min, max] = [Infinity, -Infinity];
    for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
    const scale = max > min ? (max - min) / 255 : 1;
    parts.push(Uint8Array.from(values, (v) => Math.round((v - min) / scale)));
    return { name: spec.name, shape: spec.shape, dtype: "float32", quantization: { dtype: "uint8" as const, scale, min } };
  });
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (weightData.set(p, at), at + p.length), 0);
  return { modelTopology: artifacts.modelTopology, weightSpecs, weightData: weightData.buffer, bytes: weightData.length };
}
