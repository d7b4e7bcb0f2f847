// Checks of a model's weight manifest against its weight bytes and its card, without tfjs:
// every tensor has a well-formed shape and dtype, the bytes are exactly what the manifest
// asks for, and the card's parameter count matches. (Whether the shapes fit the layers is
// checked when tfjs builds the model: artifacts.ts.)
import type { io } from "@book/tf";
import { ModelFileError } from "./errors.js";

/** Bytes per stored element: quantized weights (5.x compression) are stored narrower. */
const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes one manifest entry occupies in weightData. */
export function specBytes(spec: io.WeightsManifestEntry): number {
  const stored = spec.quantization?.dtype ?? spec.dtype;
  return elementCount(spec.shape) * BYTES[stored];
}

export function checkWeights(modelTopology: unknown, weightSpecs: unknown, weightBytes: number, parameters: number): { modelTopology: object; weightSpecs: io.WeightsManifestEntry[] } {
  if (!modelTopology || typeof modelTopology !== "object" || typeof (modelTopology as { class_name?: unknown }).class_name !== "string") throw new ModelFileError("缺少模型结构（modelTopology）");
  return { modelTopology: modelTopology as object, weightSpecs: checkManifest(weightSpecs, weightBytes, parameters) };
}

/** The manifest alone (shared by Keras models and weights bundles): names unique, shapes and
 * dtypes well formed, bytes and the card's parameter count exactly what it lists. */
export function checkManifest(weightSpecs: unknown, weightBytes: number, parameters: number): io.WeightsManifestEntry[] {
  if (!Array.isArray(weightSpecs)) throw new ModelFileError("缺少权重清单（weightSpecs）");
  const names = new Set<string>();
  let bytes = 0;
  let elements = 0;
  for (const [i, spec] of weightSpecs.entries()) {
    const where = typeof spec?.name === "string" ? `权重“${spec.name}”` : `第 ${i + 1} 个权重`;
    if (typeof spec?.name !== "string" || names.has(spec.name)) throw new ModelFileError(`${where}的名字缺失或重复`);
    names.add(spec.name);
    if (!Array.isArray(spec.shape) || !spec.shape.every((d: unknown) => Number.isSafeInteger(d) && (d as number) >= 0)) throw new ModelFileError(`${where}的形状 ${JSON.stringify(spec.shape)} 不合法`);
    if (!Object.hasOwn(BYTES, spec.dtype) || (spec.quantization && !Object.hasOwn(BYTES, spec.quantization.dtype))) throw new ModelFileError(`${where}的数据类型 ${spec.quantization?.dtype ?? spec.dtype} 不受支持`);
    bytes += specBytes(spec);
    elements += elementCount(spec.shape);
  }
  if (bytes !== weightBytes) throw new ModelFileError(`权重数据有 ${weightBytes.toLocaleString("en-US")} 字节，而权重清单需要 ${bytes.toLocaleString("en-US")} 字节`);
  if (elements !== parameters) throw new ModelFileError(`模型卡写的参数量是 ${parameters.toLocaleString("en-US")}，权重清单里却有 ${elements.toLocaleString("en-US")} 个数`);
  return weightSpecs as io.WeightsManifestEntry[];
}

/** The expected layout of a builder's weights: names in order, with shapes. */
export type WeightLayout = { name: string; shape: number[] }[];

/** The bundle's manifest is exactly `layout` (same names in the same order, same shapes,
 * float32); else a ModelFileError naming the first misfit. */
export function checkLayout(bundle: { weightSpecs: io.WeightsManifestEntry[] }, layout: WeightLayout): void {
  const given = bundle.weightSpecs;
  layout.forEach(({ name, shape }, i) => {
    const spec = given[i];
    if (!spec) throw new ModelFileError(`权重清单里缺少模型需要的“${name}”`);
    if (spec.name !== name) throw new ModelFileError(`第 ${i + 1} 个权重应是“${name}”，文件里是“${spec.name}”`);
    if (spec.shape.join("×") !== shape.join("×")) throw new ModelFileError(`权重“${name}”的形状是 ${spec.shape.join("×")}，模型结构要求 ${shape.join("×")}`);
    if (spec.dtype !== "float32" || spec.quantization) throw new ModelFileError(`权重“${name}”的数据类型是 ${spec.quantization?.dtype ?? spec.dtype}，这个模型需要 float32`);
  });
  if (given.length > layout.length) throw new ModelFileError(`权重清单里有模型结构中不存在的权重：${given.slice(layout.length).map((s) => s.name).join("、")}`);
}
