// Receptive fields of a stack of convolution and pooling layers (3.2 节): for each layer the
// output side n, the jump j (how many input pixels one step on this layer's grid covers),
// the receptive field r and the centre of the first unit's field, by the recurrences
//   n_out = ⌊(n_in + 2p − k)/s⌋ + 1,  j_out = j_in·s,  r_out = r_in + (k − 1)·j_in,
//   start_out = start_in + ((k − 1)/2 − p)·j_in
// (Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural Networks", 2019).
import type * as tf from "@book/tf";

export interface LayerGeometry {
  name: string;
  kind: "conv" | "pool";
  kernel: number;
  stride: number;
  /** Zeros added on each side before the window slides; "same" as tfjs pads (before = ⌊total/2⌋). */
  padding: number | "same";
}

export interface FieldRow {
  name: string;
  kind: "conv" | "pool";
  kernel: number;
  stride: number;
  /** The padding actually added before the first row/column. */
  padding: number;
  /** Output side length (square inputs). */
  size: number;
  jump: number;
  field: number;
  /** Centre, in input pixels, of the field of unit 0 (may be a half pixel, or negative with padding). */
  start: number;
}

/** One row per layer for a square input of side `inputSize`; throws (in Chinese) when a layer's output would be empty. */
export function receptiveFields(layers: readonly LayerGeometry[], inputSize = 28): FieldRow[] {
  const rows: FieldRow[] = [];
  let n = inputSize, jump = 1, field = 1, start = 0; // the centre of pixel 0 is 0
  for (const [i, layer] of layers.entries()) {
    const { kernel: k, stride: s } = layer;
    const size = layer.padding === "same" ? Math.ceil(n / s) : Math.floor((n + 2 * layer.padding - k) / s) + 1;
    const padding = layer.padding === "same" ? Math.floor(Math.max((size - 1) * s + k - n, 0) / 2) : layer.padding;
    if (size < 1) throw new Error(`第 ${i + 1} 层（${layer.name}）的输入只有 ${n}×${n}，放不下 ${k}×${k} 的窗口：输出为空`);
    start += ((k - 1) / 2 - padding) * jump;
    field += (k - 1) * jump;
    jump *= s;
    n = size;
    rows.push({ name: layer.name, kind: layer.kind, kernel: k, stride: s, padding, size, jump, field, start });
  }
  return rows;
}

/** The input pixels [first, last] (inclusive, clipped to the image) that unit `index` of `row` sees along one axis. */
export function fieldSpan(row: FieldRow, index: number, inputSize = 28): [number, number] {
  const centre = row.start + index * row.jump;
  const half = (row.field - 1) / 2;
  return [Math.max(0, Math.ceil(centre - half)), Math.min(inputSize - 1, Math.floor(centre + half))];
}

type LayerConfig = { kernelSize?: number | number[]; poolSize?: number | number[]; strides?: number | number[]; padding?: string; dilationRate?: number | number[] };
const first = (v: number | number[] | undefined, fallback: number) => (v === undefined ? fallback : Array.isArray(v) ? v[0] : v);

/** The convolution and pooling layers of a tfjs model, read from its configuration (so the
 * reader's edits to the 3.2 builder are followed); layers after the first flatten/dense are not spatial. */
export function geometryOf(model: tf.LayersModel): LayerGeometry[] {
  const layers: LayerGeometry[] = [];
  for (const layer of model.layers) {
    const type = layer.getClassName();
    const config = layer.getConfig() as LayerConfig;
    const conv = /^Conv2D$/.test(type), pool = /^(Max|Average)Pooling2D$/.test(type);
    if (!conv && !pool) {
      if (/Flatten|Dense|GlobalAveragePooling2D|GlobalMaxPooling2D/.test(type)) break;
      continue; // activations, dropout, batch norm: no change in geometry
    }
    if (conv && first(config.dilationRate, 1) !== 1) throw new Error(`${layer.name} 用了空洞卷积，本计算器不支持`);
    const kernel = first(conv ? config.kernelSize : config.poolSize, 2);
    layers.push({ name: layer.name, kind: conv ? "conv" : "pool", kernel, stride: first(config.strides, conv ? 1 : kernel), padding: config.padding === "same" ? "same" : 0 });
  }
  return layers;
}

const ITEM = /^(conv|pool|卷积|池化)\s*(\d+)((?:\s*[sp]\s*\d+)*)$/i;
export const MAX_SPEC_LAYERS = 30;

/** Parses "conv3, pool2, conv5 s2 p2": kernel after the kind, optional s<stride> and p<padding>
 * (defaults: stride 1 for conv, = kernel for pool; padding 0). Errors are sentences for the reader. */
export function parseLayerSpec(text: string): { layers: LayerGeometry[] } | { error: string } {
  const items = text.split(/[,，;；\n]/).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return { error: "请至少写一层，例如 conv3, pool2" };
  if (items.length > MAX_SPEC_LAYERS) return { error: `最多 ${MAX_SPEC_LAYERS} 层，你写了 ${items.length} 层` };
  const layers: LayerGeometry[] = [];
  const counts = { conv: 0, pool: 0 };
  for (const [i, item] of items.entries()) {
    const match = ITEM.exec(item);
    if (!match) return { error: `第 ${i + 1} 项“${item}”看不懂：请写成 conv3、pool2、conv5 s2 p2 这样的形式（s 是步幅，p 是每侧补零）` };
    const kind = /^(conv|卷积)$/i.test(match[1]) ? "conv" : "pool";
    const kernel = Number(match[2]);
    const options = Object.fromEntries([...match[3].matchAll(/([sp])\s*(\d+)/gi)].map((m) => [m[1].toLowerCase(), Number(m[2])]));
    const stride = options.s ?? (kind === "conv" ? 1 : kernel);
    const padding = options.p ?? 0;
    if (kernel < 1 || kernel > 99) return { error: `第 ${i + 1} 项“${item}”：窗口边长应在 1 到 99 之间` };
    if (stride < 1 || stride > 99) return { error: `第 ${i + 1} 项“${item}”：步幅应在 1 到 99 之间` };
    if (padding >= kernel) return { error: `第 ${i + 1} 项“${item}”：每侧补零 ${padding} 不应达到窗口边长 ${kernel}（否则有的窗口全是补的零）` };
    layers.push({ name: `${kind}${++counts[kind]}`, kind, kernel, stride, padding });
  }
  return { layers };
}
