// The model-randomisation sanity check of Adebayo et al. (2018), 第6章 6.3 节: replace the
// weights layer by layer from the output down and see whether an attribution map changes.
// A method that explains the model must change once the model is destroyed; one whose map
// stays put shows the input's edges, not what the network learnt.
import * as tf from "@book/tf";
import { type CnnWeights, disposeWeights, imageToGrid, randomizedCopy, WEIGHTED_LAYERS, type WeightedLayer } from "./cnn-function.js";

export interface SanityStage {
  /** The layers randomised so far ("" for the trained model). */
  randomized: WeightedLayer[];
  map: number[][];
  /** Spearman rank correlation with the trained model's map (1 = same ordering of pixels). */
  rankCorrelation: number;
}

/** `attribution` maps (weights, image) to a map [1, h, w, 1]; it is run on a copy of the trained
 * weights and on each cascade step (output; output+dense1; …; all four layers). */
export async function cascadingRandomization(weights: CnnWeights, x: tf.Tensor4D, attribution: (copy: CnnWeights, x: tf.Tensor4D) => tf.Tensor4D, seed = 1): Promise<SanityStage[]> {
  const order = [...WEIGHTED_LAYERS].reverse();
  const stages: SanityStage[] = [];
  let reference: number[] = [];
  for (let k = 0; k <= order.length; ++k) {
    const randomized = order.slice(0, k);
    const copy = randomizedCopy(weights, randomized, seed);
    const mapTensor = attribution(copy, x);
    const map = await imageToGrid(mapTensor);
    tf.dispose(mapTensor);
    disposeWeights(copy);
    const flat = map.flat();
    if (k === 0) reference = flat;
    stages.push({ randomized, map, rankCorrelation: spearman(reference, flat) });
  }
  return stages;
}

/** Spearman's ρ: Pearson correlation of the ranks (ties get their mean rank). */
export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b));
}

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) ++j;
    for (let k = i; k <= j; ++k) result[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return result;
}

function pearson(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : 0;
}
