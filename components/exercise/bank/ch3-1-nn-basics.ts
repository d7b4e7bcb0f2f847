// Checked exercises of 3.1 (src/ch3-1-nn-basics.md): the ReLU gradient, cross-entropy,
// its gradient (read from tf.grad), and softmax as a code exercise.
import * as tf from "@book/tf";
import { pick, randomDecimal, randomInt, randomVector } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";
import { valueOf } from "./tensor-reference.js";

type Logits = { z: number[]; k: number; kShown: number };
const logits = (random: () => number): Logits => {
  const z = randomVector(random, 3, 3, 1);
  const k = randomInt(random, 0, 2);
  return { z, k, kShown: k + 1 };
};
const softmaxOf = (z: number[]) => {
  const e = z.map((x) => Math.exp(x - Math.max(...z)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

const reluGradient: ChoiceExercise<{ z: number }> = {
  kind: "choice",
  params: (random) => ({ z: -randomDecimal(random, 0.2, 3, 1) }),
  options: ({ z }) => ["0", "1", String(z), "σ(z)(1 − σ(z))"],
  correct: () => 0,
  whyWrong: ({ z }) => ({ 1: "1 是 z > 0 时 ReLU 的导数。", 2: `ReLU 的导数不是 z 本身；z = ${z} < 0 时 ReLU(z) 恒为 0。`, 3: "这是 sigmoid 的导数，不是 ReLU 的。" })
};

const crossEntropy: NumericExercise<Logits> = {
  kind: "numeric",
  params: logits,
  answer: async ({ z, k }) => (await valueOf(() => tf.losses.softmaxCrossEntropy(tf.oneHot([k], 3), tf.tensor2d([z])))) as number,
  tolerance: { rel: 2e-3, abs: 1e-3 },
  mistakes: [
    { value: ({ z, k }) => Math.log(softmaxOf(z)[k]), message: "符号反了：交叉熵是 −log ŷ_k，概率小于 1 时它是正数。" },
    { value: ({ z, k }) => softmaxOf(z)[k], message: "这是正确类别的概率 ŷ_k；损失还要取 −log。" },
    { value: ({ z, k }) => -Math.log10(softmaxOf(z)[k]), message: "这是以 10 为底的对数；交叉熵用自然对数 ln。" }
  ]
};

const crossEntropyGradient: NumericExercise<Logits & { j: number; jShown: number }> = {
  kind: "numeric",
  params: (random) => {
    const p = logits(random);
    const j = randomInt(random, 0, 2);
    return { ...p, j, jShown: j + 1 };
  },
  // The gradient as autodiff computes it, not from the formula being asked about.
  answer: async ({ z, k, j }) => ((await valueOf(() => tf.grad((x: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot([k], 3), x))(tf.tensor2d([z])))) as number[][])[0][j],
  tolerance: { abs: 1e-3, rel: 2e-3 },
  mistakes: [{ value: ({ z, k, j }) => (j === k ? 1 : 0) - softmaxOf(z)[j], message: "符号反了：梯度是 ŷ − y，不是 y − ŷ。" }]
};

const softmax: CodeExercise<{ big: number }> = {
  kind: "code",
  functionName: "softmax",
  argNames: ["z"],
  params: (random) => ({ big: pick(random, [800, 1000, 1200]) }),
  starter: () => "function softmax(z: number[]): number[] {\n  // 返回与 z 等长的概率向量\n  return z;\n}\n",
  cases: (random, { big }) => {
    const cases: NumArray[][] = [[randomVector(random, 3, 2)], [randomVector(random, 5, 4)], [[0, 0, 0, 0]]];
    cases.push([randomVector(random, 4, 3).map((x) => x + big)]); // e^800 overflows: subtract the max first
    cases.push([randomVector(random, 6, 50, 1)]);
    return cases;
  },
  // float32 in tfjs: inputs near 1000 carry ~6e-5 of rounding, hence the tolerance.
  reference: ([z]) => valueOf(() => tf.softmax(tf.tensor1d(z as number[]))),
  tolerance: 1e-4
};

export const exercises: ExerciseBank = {
  "ch3-1-relu-grad": reluGradient,
  "ch3-1-cross-entropy": crossEntropy,
  "ch3-1-ce-gradient": crossEntropyGradient,
  "ch3-1-softmax": softmax
};
