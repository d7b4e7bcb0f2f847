// Checked exercises of 3.4 (src/ch3-4-attention.md): equal scores, one attention weight,
// padding, and attention pooling's weights as code, checked against the chapter's
// scaledDotProductAttention with a padding mask (components/nn/attention.ts), which is
// what AttentionPoolClassifier uses.
import * as tf from "@book/tf";
import { scaledDotProductAttention } from "../../nn/attention.js";
import { randomDecimal, randomInt, randomMatrix, randomVector } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";
import { valueOf } from "./tensor-reference.js";

const equalScores: ChoiceExercise<{ n: number; s: number }> = {
  kind: "choice",
  params: (random) => ({ n: randomInt(random, 3, 12), s: randomDecimal(random, -2, 5, 1) }),
  options: ({ n, s }) => [`每个位置都是 1/${n}`, "每个位置都是 0", `每个位置都是 ${s}`, "第一个位置是 1，其余是 0"],
  correct: () => 0,
  whyWrong: ({ s }) => ({ 1: "softmax 的输出总和为 1，不可能全是 0。", 2: `权重与分数本身的大小无关：e^${s} 在分子分母中约掉了。`, 3: "分数相等时没有哪个位置更特殊。" })
};

type Scores = { s: number[]; k: number; kShown: number };
const attentionWeight: NumericExercise<Scores> = {
  kind: "numeric",
  params: (random) => {
    const k = randomInt(random, 0, 3);
    return { s: randomVector(random, 4, 2, 1), k, kShown: k + 1 };
  },
  answer: async ({ s, k }) => ((await valueOf(() => tf.softmax(tf.tensor1d(s)))) as number[])[k],
  tolerance: { abs: 5e-4, rel: 2e-3 },
  mistakes: [
    { value: ({ s, k }) => s[k] / s.reduce((a, b) => a + b, 0), message: "这是直接用分数除以分数之和；注意力先对每个分数取 e 的指数再归一化（softmax）。" },
    { value: ({ s, k }) => Math.exp(s[k]), message: "这是 e^{s_k} 本身，还要除以所有 e^{s_j} 的和。" }
  ]
};

const padding: ChoiceExercise<{ n: number; real: number }> = {
  kind: "choice",
  params: (random) => {
    const n = randomInt(random, 6, 12);
    return { n, real: randomInt(random, 2, n - 2) };
  },
  options: () => ["在 softmax 之前把补齐位置的分数设成一个很大的负数（如 −10⁹）", "在 softmax 之后把补齐位置的权重设成 0，其余不变", "把补齐位置的分数设成 0", "把补齐位置的词向量设成全 0"],
  correct: () => 0,
  whyWrong: () => ({
    1: "这样剩下的权重之和小于 1：真实词分到的权重被补齐位置“偷走”了一部分。",
    2: "分数为 0 时 e^0 = 1，补齐位置仍会分走权重。",
    3: "词向量为 0 时 q·k = 0（若键经过 tanh(W·0) 仍为 0），分数为 0，照样分走权重。"
  })
};

const poolingWeights: CodeExercise<{ d: number }> = {
  kind: "code",
  functionName: "poolingWeights",
  argNames: ["q", "keys", "mask"],
  params: (random) => ({ d: randomInt(random, 2, 6) }),
  starter: () =>
    [
      "// q [d]，keys [T][d]，mask [T]（1 = 真实的词，0 = 补齐）；返回权重 α [T]",
      "function poolingWeights(q: number[], keys: number[][], mask: number[]): number[] {",
      "  return mask;",
      "}",
      ""
    ].join("\n"),
  cases: (random, { d }) =>
    Array.from({ length: 4 }, (_, i) => {
      const t = randomInt(random, 3, 8);
      const width = i === 3 ? randomInt(random, 1, 8) : d;
      const real = i === 0 ? t : randomInt(random, 1, t);
      return [randomVector(random, width, 2), randomMatrix(random, t, width, 2), Array.from({ length: t }, (_, j) => (j < real ? 1 : 0))] as NumArray[];
    }),
  reference: ([q, keys, mask]) =>
    valueOf(() => {
      const k = tf.tensor2d(keys as number[][]);
      const [t, d] = k.shape;
      const { weights } = scaledDotProductAttention(tf.tensor4d(q as number[], [1, 1, 1, d]), k.reshape([1, 1, t, d]), k.reshape([1, 1, t, d]), { padding: tf.tensor2d([mask as number[]]) });
      return weights.reshape([t]);
    })
};

export const exercises: ExerciseBank = {
  "ch3-4-equal-scores": equalScores,
  "ch3-4-weight": attentionWeight,
  "ch3-4-padding": padding,
  "ch3-4-pool-weights": poolingWeights
};
