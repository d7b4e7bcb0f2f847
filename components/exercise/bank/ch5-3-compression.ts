// Checked exercises of 5.3 (src/ch5-3-compression.md): the parameters a low-rank
// factorisation saves, the scale and largest error of symmetric quantisation (from the
// chapter's quantParams), which pruning speeds up a dense kernel, and quantise→dequantise
// as code, checked against the chapter's roundTrip (components/compress/quantize.ts).
import { integerRange, quantParams, roundTrip } from "../../compress/quantize.js";
import { randomDecimal, randomInt, randomVector } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";

const lowRankParams: NumericExercise<{ m: number; n: number; r: number }> = {
  kind: "numeric",
  params: (random) => ({ m: 64 * randomInt(random, 4, 32), n: 32 * randomInt(random, 2, 16), r: 2 ** randomInt(random, 2, 5) }),
  answer: ({ m, n, r }) => m * n - r * (m + n),
  tolerance: { abs: 0.5, rel: 0 },
  mistakes: [
    { value: ({ m, n, r }) => r * (m + n), message: "这是分解之后剩下的权重个数 r(m+n)，题目问的是减少了多少。" },
    { value: ({ m, n, r }) => m * n - r * r, message: "L 是 m×r、R 是 r×n，两者合起来是 r(m+n) 个，不是 r² 个。" }
  ]
};

const quantScale: NumericExercise<{ a: number; b: number; bits: number }> = {
  kind: "numeric",
  params: (random) => ({ a: randomDecimal(random, 0.1, 2, 2), b: randomDecimal(random, 0.1, 2, 2), bits: randomInt(random, 2, 8) }),
  answer: ({ a, b, bits }) => quantParams(-a, b, { bits, scheme: "symmetric" }).scale / 2,
  tolerance: { rel: 5e-4 },
  mistakes: [
    { value: ({ a, b, bits }) => quantParams(-a, b, { bits, scheme: "symmetric" }).scale, message: "这是缩放因子 s 本身；取整到最近的格点，误差最多是格点间距的一半。" },
    { value: ({ a, b, bits }) => (a + b) / (2 ** bits - 1) / 2, message: "这是非对称量化的误差上界；对称量化用 max|x| 除以 2^{b−1} − 1。" },
    { value: ({ a, b, bits }) => Math.max(a, b) / 2 ** (bits - 1) / 2, message: "对称量化的正整数最多到 2^{b−1} − 1，不是 2^{b−1}。" }
  ]
};

const structured: ChoiceExercise<{ percent: number }> = {
  kind: "choice",
  params: (random) => ({ percent: 10 * randomInt(random, 3, 9) }),
  options: ({ percent }) => [`把绝对值最小的 ${percent}% 的权重逐个置 0`, "按 L1 范数去掉整个通道，使每层的张量真的变窄", "把这些 0 换成很小的非零数，避免除零", "把权重从 32 位浮点换成 64 位浮点"],
  correct: () => 1,
  whyWrong: () => ({
    0: "零仍然留在张量里，稠密的卷积和矩阵乘法照样对它们做乘加，形状没变，计算量也没变。",
    2: "稠密算子不会因为数值小而少算；这和速度无关。",
    3: "更宽的数据类型只会更慢、更大。"
  })
};

const fakeQuantCode: CodeExercise<{ bits: number }> = {
  kind: "code",
  functionName: "fakeQuant",
  argNames: ["x", "bits"],
  params: (random) => ({ bits: randomInt(random, 2, 6) }),
  starter: () =>
    [
      "// x：一组权重；bits：位数。返回非对称、逐张量量化再还原后的数组。",
      "function fakeQuant(x: number[], bits: number): number[] {",
      "  return x;",
      "}",
      ""
    ].join("\n"),
  cases: (random, { bits }) =>
    Array.from({ length: 5 }, (_, i) => {
      const length = randomInt(random, 3, 12);
      // One case entirely positive (the range must still be widened to contain 0), one all zeros.
      const x = i === 3 ? randomVector(random, length, 1).map((v) => Math.abs(v) + 0.5) : i === 4 ? new Array<number>(length).fill(0) : randomVector(random, length, 1.5);
      return [x, i === 2 ? randomInt(random, 1, 8) : bits] as NumArray[];
    }),
  reference: ([x, bits]) => {
    integerRange({ bits: bits as number, scheme: "asymmetric" });
    return Array.from(roundTrip(x as number[], 1, { bits: bits as number, scheme: "asymmetric", granularity: "per-tensor" }));
  },
  tolerance: 1e-5
};

/** One activation through the page's quantiser (components/compress/activation-quant.ts). */
const actQuant: NumericExercise<{ a: number; c: number; bits: number }> = {
  kind: "numeric",
  params: (random) => ({ a: randomDecimal(random, 0.05, 6, 2), c: randomDecimal(random, 2, 5, 1), bits: randomInt(random, 2, 4) }),
  answer: ({ a, c, bits }) => {
    const s = c / (2 ** bits - 1);
    return s * Math.round(Math.min(a, c) / s);
  },
  tolerance: { abs: 1e-6 },
  mistakes: [
    { value: ({ a, c, bits }) => (c / (2 ** bits - 1)) * Math.round(a / (c / (2 ** bits - 1))), message: "大于截断值 c 的激活值要先饱和为 c，再取整。" },
    { value: ({ a, c, bits }) => (c / 2 ** bits) * Math.round(Math.min(a, c) / (c / 2 ** bits)), message: "b 位有 2^b 个格点 0, s, …, (2^b − 1)s，所以 s = c / (2^b − 1)，不是 c / 2^b。" }
  ]
};

export const exercises: ExerciseBank = {
  "ch5-3-act-quant": actQuant,
  "ch5-3-lowrank-params": lowRankParams,
  "ch5-3-quant-scale": quantScale,
  "ch5-3-structured": structured,
  "ch5-3-fake-quant": fakeQuantCode
};
