// Checked exercises of 第4章 (src/ch4-training.md): He's standard deviation, how a ReLU
// network's variance grows with a mis-scaled initialisation, what inverted dropout does at
// inference, and batch normalisation in training mode as code, checked against the
// chapter's from-scratch batchNorm (components/norm/batch-norm.ts); heavy ball's rate on the
// quadratic, and clipping by global norm as code, checked against components/optim/clip.ts.
import * as tf from "@book/tf";
import { batchNorm } from "../../norm/batch-norm.js";
import { clipByGlobalNorm } from "../../optim/clip.js";
import { pick, randomInt, randomMatrix, randomVector } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";

const heStd: NumericExercise<{ n: number }> = {
  kind: "numeric",
  params: (random) => ({ n: pick(random, [64, 100, 128, 256, 300, 512, 784, 1024]) }),
  answer: ({ n }) => Math.sqrt(2 / n),
  tolerance: { rel: 2e-3 },
  mistakes: [
    { value: ({ n }) => 2 / n, message: "这是方差 σ²；题目问的是标准差 σ，还要开平方。" },
    { value: ({ n }) => Math.sqrt(1 / n), message: "这是 tanh 线性区的条件 nσ² = 1；ReLU 把一半的输入置零，方差要加倍。" }
  ]
};

const varianceGrowth: NumericExercise<{ c: number; depth: number }> = {
  kind: "numeric",
  params: (random) => ({ c: pick(random, [1, 3, 4, 6]), depth: randomInt(random, 3, 8) }),
  answer: ({ c, depth }) => (c / 2) ** depth,
  tolerance: { rel: 2e-3 },
  mistakes: [{ value: ({ c, depth }) => c ** depth, message: "ReLU 让 E[h²] 只有 Var(z) 的一半：每层的倍数是 nσ²/2 = c/2，不是 c。" }]
};

const dropoutInference: ChoiceExercise<{ p: number }> = {
  kind: "choice",
  params: (random) => ({ p: pick(random, [0.1, 0.2, 0.3, 0.5]) }),
  options: ({ p }) => ["什么都不做，原样输出", `把输出乘以 ${1 - p}`, `把输出除以 ${1 - p}`, `仍按概率 ${p} 随机置零`],
  correct: () => 0,
  whyWrong: ({ p }) => ({
    1: `训练时已经把保留的输出除以 ${1 - p}，期望与不丢弃时相同；推理时再乘一次就缩小了。这是“非倒置”dropout 的做法。`,
    2: "那样推理时的输出比训练时的期望大了 1/(1−p) 倍。",
    3: "推理时随机置零会让同一个输入每次得到不同的预测。"
  })
};

const batchNormCode: CodeExercise<{ features: number }> = {
  kind: "code",
  functionName: "batchNormTrain",
  argNames: ["x", "gamma", "beta"],
  params: (random) => ({ features: randomInt(random, 2, 5) }),
  starter: () =>
    [
      "// x [B][F]（一批 B 个样本，每个 F 个特征），gamma [F]，beta [F]；ε = 0.001",
      "// 训练模式：用这一批自己的均值和（除以 B 的）方差标准化每个特征，再乘 γ 加 β",
      "function batchNormTrain(x: number[][], gamma: number[], beta: number[]): number[][] {",
      "  return x;",
      "}",
      ""
    ].join("\n"),
  cases: (random, { features }) =>
    Array.from({ length: 4 }, (_, i) => {
      const f = i === 3 ? randomInt(random, 1, 6) : features;
      const b = randomInt(random, 2, 8);
      return [randomMatrix(random, b, f, 3 + i), randomVector(random, f, 2), randomVector(random, f, 1)] as NumArray[];
    }),
  reference: async ([x, gamma, beta]) => {
    const rows = x as number[][];
    const norm = batchNorm(rows[0].length, { epsilon: 1e-3 });
    const input = tf.tensor2d(rows);
    try {
      tf.tidy(() => {
        norm.params[0].assign(tf.tensor1d(gamma as number[]));
        norm.params[1].assign(tf.tensor1d(beta as number[]));
      });
      const y = norm.apply(input, true);
      const value = (await y.array()) as NumArray;
      y.dispose();
      return value;
    } finally {
      input.dispose();
      norm.dispose();
    }
  }
};

const heavyBallRate: NumericExercise<{ kappa: number }> = {
  kind: "numeric",
  params: (random) => ({ kappa: pick(random, [16, 25, 49, 64, 100, 400, 900]) }),
  answer: ({ kappa }) => (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1),
  tolerance: { rel: 2e-3 },
  mistakes: [
    { value: ({ kappa }) => (kappa - 1) / (kappa + 1), message: "这是梯度下降在最优步长下的速率；重球法把其中的 κ 换成了 √κ。" },
    { value: ({ kappa }) => ((Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1)) ** 2, message: "这是最优的动量系数 μ，速率是它的平方根。" }
  ]
};

const clipCode: CodeExercise<{ parts: number }> = {
  kind: "code",
  functionName: "clipGlobal",
  argNames: ["grads", "maxNorm"],
  params: (random) => ({ parts: randomInt(random, 2, 4) }),
  starter: () =>
    [
      "// grads：每行是一个参数的梯度（展平）；maxNorm：阈值 c > 0",
      "// 全部梯度拼成一个向量的长度超过 c 时，整体乘以 c/‖g‖；否则原样返回",
      "function clipGlobal(grads: number[][], maxNorm: number): number[][] {",
      "  return grads;",
      "}",
      ""
    ].join("\n"),
  cases: (random, { parts }) =>
    Array.from({ length: 4 }, (_, i) => {
      const size = randomInt(random, 1, 5);
      const grads = Array.from({ length: i === 3 ? 1 : parts }, (_, k) => randomVector(random, size, 2 + k));
      return [grads, i === 2 ? 100 : pick(random, [0.5, 1, 2])] as NumArray[];
    }),
  reference: async ([grads, maxNorm]) => {
    const tensors = (grads as number[][]).map((g) => tf.tensor1d(g));
    const { grads: clipped, norm } = clipByGlobalNorm(tensors, maxNorm as number);
    try {
      return await Promise.all(clipped.map(async (g) => Array.from(await g.data())));
    } finally {
      tf.dispose([...tensors, ...clipped, norm]);
    }
  }
};

export const exercises: ExerciseBank = {
  "ch4-training-he-std": heStd,
  "ch4-training-variance-growth": varianceGrowth,
  "ch4-training-dropout-inference": dropoutInference,
  "ch4-training-batch-norm": batchNormCode,
  "ch4-training-heavy-ball-rate": heavyBallRate,
  "ch4-training-clip": clipCode
};
