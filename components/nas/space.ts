// The search space of 5.4 节's architecture search: CNNs shaped like the book's (conv 3×3 +
// ReLU + max-pool 2×2 stages, then one hidden dense layer and a softmax over the digits),
// with the number of stages and every width left to the search.
import * as tf from "@book/tf";

/** A reader's search space or setting the search cannot run with; the message is for the page. */
export class NasInputError extends Error {
  override name = "NasInputError";
}

export interface Architecture {
  /** Filters of each conv stage (1–3 stages; 28 → 13 → 5 → 1 pixels). */
  filters: number[];
  dense: number;
}

export interface SearchSpace {
  stages: number[];
  filters: number[];
  dense: number[];
}

export const DEFAULT_SPACE: SearchSpace = { stages: [1, 2, 3], filters: [4, 8, 16, 32], dense: [16, 32, 64, 128] };

/** Side of the feature map after `stages` conv (valid, 3×3) + pool (2×2) stages on 28×28. */
export function mapSide(stages: number): number {
  let side = 28;
  for (let i = 0; i < stages; i++) side = Math.floor((side - 2) / 2);
  return side;
}

/** Throws a NasInputError unless every list is non-empty and holds usable values. */
export function checkSpace(space: SearchSpace): void {
  const lists: [keyof SearchSpace, string][] = [["stages", "卷积段数"], ["filters", "卷积核个数"], ["dense", "全连接层宽度"]];
  for (const [key, name] of lists) {
    const values = space[key];
    if (!values?.length) throw new NasInputError(`搜索空间的“${name}”列表是空的：没有可以搜索的结构。`);
    for (const v of values) if (!Number.isInteger(v) || v <= 0) throw new NasInputError(`搜索空间的“${name}”必须是正整数，现在有 ${v}。`);
  }
  for (const s of space.stages) if (s > 3) throw new NasInputError(`卷积段数最多 3（28 像素经过 3 段后只剩 ${mapSide(3)} 像素），现在有 ${s}。`);
}

/** How many different architectures the space holds. */
export function spaceSize(space: SearchSpace): number {
  return space.stages.reduce((sum, s) => sum + space.filters.length ** s, 0) * space.dense.length;
}

export function architectureKey(a: Architecture): string {
  return `${a.filters.join("-")}|${a.dense}`;
}

/** One architecture drawn uniformly per choice (stages, then each width). */
export function sampleArchitecture(space: SearchSpace, random: () => number): Architecture {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const stages = pick(space.stages);
  return { filters: Array.from({ length: stages }, () => pick(space.filters)), dense: pick(space.dense) };
}

/** Parameters of the network, by formula: each conv 9·c_in·c_out + c_out, then the dense layers. */
export function architectureParams({ filters, dense }: Architecture, classes = 10): number {
  let params = 0;
  let channels = 1;
  for (const f of filters) {
    params += 9 * channels * f + f;
    channels = f;
  }
  const flat = mapSide(filters.length) ** 2 * channels;
  return params + flat * dense + dense + dense * classes + classes;
}

/** The network for an architecture, seeded. */
export function buildArchitecture({ filters, dense }: Architecture, { seed = 1, classes = 10 } = {}): tf.Sequential {
  const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
  const layers: tf.layers.Layer[] = [];
  filters.forEach((f, i) => {
    layers.push(tf.layers.conv2d({ ...(i === 0 ? { inputShape: [28, 28, 1] } : {}), filters: f, kernelSize: 3, activation: "relu", kernelInitializer: init(i) }));
    layers.push(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  layers.push(tf.layers.flatten());
  layers.push(tf.layers.dense({ units: dense, activation: "relu", kernelInitializer: init(10) }));
  layers.push(tf.layers.dense({ units: classes, activation: "softmax", kernelInitializer: init(11) }));
  return tf.sequential({ layers });
}
