// Checked exercises of 第2章 (src/ch2-concepts.md): a convolution's parameters, one
// Transformer layer's parameters, which paradigm BERT's pre-training is, and the Q-learning
// update as code. Answers come from the chapter's own modules (param-formulas.ts, q-learning.ts).
import { conv2dParams, denseParams, transformerLayerParams } from "../../nn/param-formulas.js";
import { qUpdate } from "../../rl/q-learning.js";
import { pick, randomDecimal, randomInt, randomMatrix } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";

type Conv = { cin: number; cout: number; k: number; size: number };
const convParams: NumericExercise<Conv> = {
  kind: "numeric",
  params: (random) => ({ cin: pick(random, [1, 3, 16, 32, 64]), cout: pick(random, [8, 16, 32, 64, 128]), k: pick(random, [1, 3, 5, 7]), size: pick(random, [28, 32, 64, 224]) }),
  answer: ({ cin, cout, k }) => conv2dParams(cin, cout, k),
  tolerance: { abs: 0.5, rel: 0 },
  mistakes: [
    { value: ({ cin, cout, k }) => conv2dParams(cin, cout, k, false), message: "少了偏置：每个卷积核还有 1 个偏置，共 C_out 个。" },
    { value: ({ cout, k }) => cout * (k * k + 1), message: "每个卷积核覆盖全部 C_in 个输入通道，权重是 C_in·k² 个，不是 k² 个。" },
    { value: ({ cin, cout, k, size }) => conv2dParams(cin, cout, k) * size * size, message: "参数与图像大小无关：同一组权重在每个位置重复使用（权重共享）。" }
  ]
};

type Layer = { d: number };
const layerParams: NumericExercise<Layer> = {
  kind: "numeric",
  params: (random) => ({ d: pick(random, [128, 256, 512, 1024, 1600, 2048, 4096]) }),
  answer: ({ d }) => transformerLayerParams({ d, ffn: 4 * d, attentionBias: true }),
  tolerance: { abs: 0.5, rel: 0 },
  mistakes: [
    { value: ({ d }) => 12 * d * d, message: "12d² 是近似值；题目要求精确个数，别忘了偏置和两个 LayerNorm 的 γ、β（共 13d）。" },
    { value: ({ d }) => 4 * denseParams(d, d) + denseParams(d, 4 * d) + denseParams(4 * d, d), message: "还差两个 LayerNorm：每个有 γ 和 β 各 d 个参数。" }
  ]
};

const paradigm: ChoiceExercise<{ model: string }> = {
  kind: "choice",
  params: (random) => ({ model: pick(random, ["BERT 的掩码语言模型预训练", "GPT 预测下一个词的预训练"]) }),
  options: () => ["自监督学习（self-supervised learning）", "监督学习（supervised learning）", "无监督聚类", "强化学习（reinforcement learning）"],
  correct: () => 0,
  whyWrong: () => ({
    1: "训练目标确实是“预测一个标签”，但标签来自文本本身，不需要人工标注：这正是自监督与监督学习的区别。",
    2: "它并不把数据分成几组，而是预测被遮住或下一个词。",
    3: "没有智能体与环境交互，也没有奖励信号。"
  })
};

const qUpdateCode: CodeExercise<{ states: number }> = {
  kind: "code",
  functionName: "qUpdate",
  argNames: ["q", "transition", "alpha", "gamma"],
  params: (random) => ({ states: randomInt(random, 3, 6) }),
  starter: () =>
    [
      "// q[s][a]：动作价值表；transition = [s, a, r, next, done]（done 为 1 表示回合结束）",
      "// 返回更新后的整张表（可以直接修改 q 再返回它）",
      "function qUpdate(q: number[][], transition: number[], alpha: number, gamma: number): number[][] {",
      "  return q;",
      "}",
      ""
    ].join("\n"),
  cases: (random, { states }) =>
    Array.from({ length: 5 }, (_, i) => {
      const s = randomInt(random, 0, states - 1);
      const next = randomInt(random, 0, states - 1);
      const done = i === 4 ? 1 : randomInt(random, 0, 1);
      return [randomMatrix(random, states, 4, 1), [s, randomInt(random, 0, 3), randomDecimal(random, -1, 1, 2), next, done], randomDecimal(random, 0.1, 1, 1), randomDecimal(random, 0.5, 0.99, 2)] as NumArray[];
    }),
  reference: ([q, transition, alpha, gamma]) => {
    const table = (q as number[][]).map((row) => [...row]);
    const [s, a, r, next, done] = transition as number[];
    qUpdate(table, s, a, r, next, done === 1, alpha as number, gamma as number);
    return table;
  }
};

export const exercises: ExerciseBank = {
  "ch2-conv-params": convParams,
  "ch2-layer-params": layerParams,
  "ch2-paradigm": paradigm,
  "ch2-q-update": qUpdateCode
};
