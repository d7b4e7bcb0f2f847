// Checked exercises of 3.3 (src/ch3-3-rnn.md): vanishing gradients through W_hh = aI,
// LSTM and GRU parameter counts (the GRU's from tf.layers), and one LSTM step as code,
// checked against the chapter's lstmStep (components/nn/rnn-cells.ts).
import * as tf from "@book/tf";
import { lstmStep } from "../../nn/rnn-cells.js";
import { pick, randomInt, randomMatrix, randomVector } from "../random.js";
import type { CodeExercise, ExerciseBank, ExpressionExercise, NumArray, NumericExercise } from "../types.js";
import { valueOf } from "./tensor-reference.js";

const vanishing: NumericExercise<{ a: number; T: number }> = {
  kind: "numeric",
  params: (random) => ({ a: pick(random, [0.4, 0.5, 0.6, 0.7, 0.8, 0.9]), T: randomInt(random, 10, 30) }),
  answer: ({ a, T }) => a ** T,
  tolerance: { abs: 0, rel: 1e-3 }, // the answer can be 1e-12: no absolute slack
  mistakes: [
    { value: ({ a, T }) => a * T, message: "每一步是乘以 a，T 步是连乘 a^T，不是 a × T。" },
    { value: ({ a, T }) => a ** (T - 1), message: "少乘了一步：从第 T 步回到第 0 步要经过 T 次乘以 W_hh。" },
    { value: ({ a, T }) => a ** -T, message: "这是放大的倍数；题目问梯度缩小到原来的多少（一个小于 1 的数）。" }
  ]
};

const lstmParams: ExpressionExercise = {
  kind: "expression",
  params: () => ({}),
  variables: ["d", "h"],
  answer: ({ d, h }) => 4 * (h * (d + h) + h),
  placeholder: "用 d 和 h 写，如 2h(d+1)",
  mistakes: [
    { value: ({ d, h }) => 4 * h * (d + h), message: "少了偏置：每个门还有 h 个偏置。" },
    { value: ({ d, h }) => h * (d + h + 1), message: "这只是一个门的参数；LSTM 有输入门、遗忘门、候选值和输出门 4 组。" },
    { value: ({ d, h }) => 3 * h * (d + h + 1), message: "这是 GRU 的个数（3 组）；LSTM 有 4 组。" }
  ]
};

const gruParams: NumericExercise<{ d: number; h: number }> = {
  kind: "numeric",
  params: (random) => ({ d: randomInt(random, 4, 40), h: pick(random, [8, 16, 24, 32, 48, 64]) }),
  // Counted by tf.layers itself (tfjs resets before the recurrent product, as 3.3 explains): 3 groups of weights.
  answer: ({ d, h }) => {
    const layer = tf.layers.gru({ units: h, inputShape: [null, d] });
    const model = tf.sequential({ layers: [layer] });
    const count = model.countParams();
    model.dispose();
    return count;
  },
  tolerance: { abs: 0.5, rel: 0 },
  mistakes: [
    { value: ({ d, h }) => 4 * h * (d + h + 1), message: "这是 LSTM 的个数；GRU 只有更新门、重置门和候选状态 3 组。" },
    { value: ({ d, h }) => 3 * h * (d + h), message: "少了偏置：每组还有 h 个偏置。" }
  ]
};

const lstmCell: CodeExercise<{ units: number; inputs: number }> = {
  kind: "code",
  functionName: "lstmStep",
  argNames: ["x", "h", "c", "W", "U", "b"],
  params: (random) => ({ inputs: randomInt(random, 2, 4), units: randomInt(random, 2, 3) }),
  starter: () =>
    [
      "// x [d]，h、c [u]，W [d][4u]，U [u][4u]，b [4u]；四组依次为 i、f、c̃、o",
      "function lstmStep(x: number[], h: number[], c: number[], W: number[][], U: number[][], b: number[]): number[][] {",
      "  const u = h.length;",
      "  // ……算出新的 h 和 c",
      "  return [h, c];",
      "}",
      ""
    ].join("\n"),
  cases: (random, { inputs, units }) =>
    Array.from({ length: 4 }, (_, i) => {
      const [d, u] = i < 2 ? [inputs, units] : [randomInt(random, 1, 5), randomInt(random, 1, 4)];
      return [randomVector(random, d), randomVector(random, u), randomVector(random, u), randomMatrix(random, d, 4 * u), randomMatrix(random, u, 4 * u), randomVector(random, 4 * u)] as NumArray[];
    }),
  reference: async ([x, h, c, W, U, b]) => {
    const [hNext, cNext] = await Promise.all(
      ["h", "c"].map((which) =>
        valueOf(() => {
          const step = lstmStep(tf.tensor2d([x as number[]]), tf.tensor2d([h as number[]]), tf.tensor2d([c as number[]]), {
            kernel: tf.tensor2d(W as number[][]),
            recurrentKernel: tf.tensor2d(U as number[][]),
            bias: tf.tensor1d(b as number[])
          });
          return (which === "h" ? step.h : step.c!).squeeze([0]);
        })
      )
    );
    return [hNext, cNext];
  }
};

export const exercises: ExerciseBank = {
  "ch3-3-vanishing": vanishing,
  "ch3-3-lstm-params": lstmParams,
  "ch3-3-gru-params": gruParams,
  "ch3-3-lstm-step": lstmCell
};
