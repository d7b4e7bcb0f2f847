// Checked exercises of 第6章 (src/ch6-challenges.md): one FGSM pixel, the 6ND estimate, which
// method is a defence (correcting seed 002's FAQ), and per-example clipping as code, checked
// against the same formula in tfjs that components/privacy/dp-sgd.ts applies to every example.
import * as tf from "@book/tf";
import { pick, randomDecimal, randomInt, randomVector } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";
import { valueOf } from "./tensor-reference.js";

type Pixel = { x: number; g: number; eps: number };
const fgsmPixel: NumericExercise<Pixel> = {
  kind: "numeric",
  params: (random) => {
    const x = pick(random, [0, 0.05, 0.1, 0.5, 0.8, 0.95, 1]);
    const sign = random() < 0.5 ? -1 : 1;
    return { x, g: sign * randomDecimal(random, 0.001, 3, 3), eps: pick(random, [0.1, 0.2, 0.3]) };
  },
  answer: async ({ x, g, eps }) => (await valueOf(() => tf.scalar(x).add(tf.scalar(g).sign().mul(eps)).clipByValue(0, 1))) as number,
  tolerance: { abs: 1e-6 },
  mistakes: [
    { value: ({ x, g, eps }) => x + eps * Math.sign(g), message: "方向对了，但像素必须截到 [0, 1] 之内。" },
    { value: ({ x, g, eps }) => Math.min(1, Math.max(0, x + eps * g)), message: "FGSM 用的是梯度的符号，不是梯度本身：每个像素都走满 ε。" },
    { value: ({ x, g, eps }) => Math.min(1, Math.max(0, x - eps * Math.sign(g))), message: "不定向攻击要让损失变大，应沿梯度的方向（加号）走。" }
  ]
};

type Budget = { n: number; d: number; nShown: string; dShown: string };
const sixND: NumericExercise<Budget> = {
  kind: "numeric",
  params: (random) => {
    const n = randomInt(random, 1, 9) * 10 ** randomInt(random, 7, 10);
    const d = randomInt(random, 1, 9) * 10 ** randomInt(random, 9, 12);
    return { n, d, nShown: n.toExponential(0), dShown: d.toExponential(0) };
  },
  answer: ({ n, d }) => 6 * n * d,
  tolerance: { rel: 1e-3 },
  mistakes: [
    { value: ({ n, d }) => 2 * n * d, message: "2ND 只是前向传播；反向传播还要约 4ND。" },
    { value: ({ n, d }) => n * d, message: "还差系数 6：前向 2 次、反向 4 次运算。" }
  ]
};

const defence: ChoiceExercise<Record<string, never>> = {
  kind: "choice",
  params: () => ({}),
  options: () => ["对抗训练", "对抗扰动（FGSM、PGD）", "模型迁移攻击", "成员推断攻击"],
  correct: () => 0,
  whyWrong: () => ({
    1: "对抗扰动是让模型出错的攻击；它只能用来衡量模型有多脆弱。",
    2: "迁移攻击把在一个模型上造出的扰动拿去骗另一个模型，是黑盒攻击的手段。",
    3: "成员推断攻击判断某条记录是否在训练集里，是隐私攻击。"
  })
};

const clipGradient: CodeExercise<{ clip: number }> = {
  kind: "code",
  functionName: "clipGradient",
  argNames: ["g", "C"],
  params: (random) => ({ clip: pick(random, [0.5, 1, 2]) }),
  starter: () => ["// 返回 g · min(1, C / ‖g‖₂)", "function clipGradient(g: number[], C: number): number[] {", "  return g;", "}", ""].join("\n"),
  cases: (random, { clip }) => [
    [randomVector(random, randomInt(random, 3, 8), 3), clip],
    [randomVector(random, randomInt(random, 3, 8), 0.05), clip],
    [[0, 0, 0], clip],
    [randomVector(random, 5, 10), randomDecimal(random, 0.1, 3, 1)]
  ],
  reference: ([g, clip]) =>
    valueOf(() => {
      const v = tf.tensor1d(g as number[]);
      const norm = v.norm();
      return v.mul(tf.minimum(1, tf.div(clip as number, norm.add(1e-12))));
    }) as Promise<NumArray>
};

type Transfer = { n: number; right: number; flipped: number };
const transferRate: NumericExercise<Transfer> = {
  kind: "numeric",
  params: (random) => {
    const n = pick(random, [200, 300, 500]);
    const right = n - randomInt(random, 3, 20);
    return { n, right, flipped: randomInt(random, 5, Math.floor(right * 0.8)) };
  },
  answer: ({ right, flipped }) => (100 * flipped) / right,
  tolerance: { abs: 0.05 },
  mistakes: [
    { value: ({ n, flipped }) => (100 * flipped) / n, message: "分母是原本被认对的数字，不是全部测试数字：原本就认错的数字谈不上“被骗”。" },
    { value: ({ right, flipped }) => 100 - (100 * flipped) / right, message: "这是仍被认对的比例；迁移成功率是被认错的比例。" }
  ]
};

export const exercises: ExerciseBank = {
  "ch6-transfer-rate": transferRate,
  "ch6-fgsm-pixel": fgsmPixel,
  "ch6-6nd": sixND,
  "ch6-security": defence,
  "ch6-clip": clipGradient
};
