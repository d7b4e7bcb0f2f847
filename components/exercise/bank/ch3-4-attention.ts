// Checked exercises of 3.4 (src/ch3-4-attention.md): equal scores, one attention weight,
// padding, the additive score's parameter count, why √d, the seed's bmm, and attention
// pooling's weights as code, checked against the chapter's
// scaledDotProductAttention with a padding mask (components/nn/attention.ts), which is
// what AttentionPoolClassifier uses.
import * as tf from "@book/tf";
import { scaledDotProductAttention } from "../../nn/attention.js";
import { pick, randomDecimal, randomInt, randomMatrix, randomVector } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, ExpressionExercise, NumArray, NumericExercise } from "../types.js";
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


// W_q [m × a], W_k [n × a], w_v [a] (components/attention/scoring.ts has no bias).
const additiveParams: ExpressionExercise = {
  kind: "expression",
  params: () => ({}),
  variables: ["m", "n", "a"],
  answer: ({ m, n, a }) => a * (m + n + 1),
  placeholder: "用 m、n、a 写，如 a(m+n)",
  mistakes: [
    { value: ({ m, n, a }) => a * (m + n), message: "少了 w_v：把 a 维的隐藏向量变成一个分数还需要 a 个参数。" },
    { value: ({ m, a }) => a * (2 * m + 1), message: "查询和键的维度可以不同：W_k 是 n × a，不是 m × a。" },
    { value: ({ m, n }) => m * n, message: "这是双线性打分 qᵀWk 的参数个数；加性打分先把 q 和 k 各自投影到 a 维。" }
  ]
};

const scaledVariance: ChoiceExercise<{ d: number }> = {
  kind: "choice",
  params: (random) => ({ d: pick(random, [16, 32, 64, 128, 256, 512]) }),
  options: ({ d }) => [`方差约为 ${d}，除以 √${d} 后约为 1`, `方差约为 1，除以 √${d} 后约为 1/${d}`, `方差约为 √${d}，除以 √${d} 后约为 1`, `方差约为 ${d * d}，除以 √${d} 后约为 ${d}`],
  correct: () => 0,
  whyWrong: ({ d }) => ({
    1: `q·k 是 ${d} 个乘积 q_i k_i 之和，每个乘积的方差是 1，独立的方差相加。`,
    2: `√${d} 是标准差，不是方差。`,
    3: `每个乘积 q_i k_i 的方差是 E[q_i²]E[k_i²] = 1，${d} 个相加得 ${d}，不是 ${d}²。`
  })
};

const seedBmm: ChoiceExercise<{ b: number; t: number; h: number }> = {
  kind: "choice",
  params: (random) => ({ b: pick(random, [8, 16, 32]), t: randomInt(random, 5, 20), h: pick(random, [64, 128, 256, 768]) }),
  options: ({ b, t, h }) => [
    `torch.bmm(α.transpose(1, 2), x)：(${b}, 1, ${t}) × (${b}, ${t}, ${h}) = (${b}, 1, ${h})`,
    `torch.bmm(α.view(${b}, ${t}, 1), x.transpose(1, 2))：(${b}, ${t}, 1) × (${b}, ${h}, ${t})`,
    `torch.bmm(x, α)：(${b}, ${t}, ${h}) × (${b}, ${t}, 1)`,
    `torch.bmm(α, x.transpose(1, 2))：(${b}, ${t}, 1) × (${b}, ${h}, ${t})`
  ],
  correct: () => 0,
  whyWrong: ({ t, h }) => ({
    1: `这是原文的写法：每个样本是 ${t}×1 乘 ${h}×${t}，内侧维度 1 ≠ ${h}，会报形状错误。`,
    2: `${t}×${h} 乘 ${t}×1：内侧维度 ${h} ≠ ${t}。`,
    3: `${t}×1 乘 ${h}×${t}：内侧维度 1 ≠ ${h}。`
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
  "ch3-4-additive-params": additiveParams,
  "ch3-4-scaled-variance": scaledVariance,
  "ch3-4-seed-bmm": seedBmm,
  "ch3-4-pool-weights": poolingWeights
};
