// Checked exercises of 3.6 (src/ch3-6-bert.md): expected counts under BERT's 15% and
// 80/10/10 masking, why GPT is not trained as a masked LM, and the masking statistics as
// code, checked against maskingCounts on batches corrupted by maskTokens
// (components/text/masking.ts), the functions the chapter's masked LM uses.
import { maskingCounts, maskTokens } from "../../text/masking.js";
import { pick, randomInt, seededRandom } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";

const maskCount: NumericExercise<{ n: number; rate: number }> = {
  kind: "numeric",
  params: (random) => ({ n: randomInt(random, 10, 60) * 10, rate: pick(random, [15, 20, 25]) }),
  answer: ({ n, rate }) => n * (rate / 100) * 0.8,
  tolerance: { abs: 0.05, rel: 1e-3 },
  mistakes: [
    { value: ({ n, rate }) => n * (rate / 100), message: "这是被选中的词元数；其中只有 80% 换成 [MASK]。" },
    { value: ({ n }) => n * 0.8, message: "只有被选中的那一部分（遮盖率）才会按 80/10/10 处理。" }
  ]
};

const WHICH = ["换成随机词元", "被选中但保持不变"];
const otherCount: NumericExercise<{ n: number; which: string }> = {
  kind: "numeric",
  params: (random) => ({ n: randomInt(random, 10, 60) * 10, which: pick(random, WHICH) }),
  answer: ({ n }) => n * 0.15 * 0.1, // both are 10% of the 15%
  tolerance: { abs: 0.05, rel: 1e-3 },
  mistakes: [{ value: ({ n }) => n * 0.1, message: "10% 是对被选中的 15% 而言的，不是对全部词元。" }]
};

const gptMlm: ChoiceExercise = {
  kind: "choice",
  params: () => ({}),
  options: () => [
    "生成时模型只能看到左边已写出的词；掩码语言模型训练时看到了右边，两者的条件不一致",
    "GPT 的词表里没有 [MASK] 这个词元",
    "掩码语言模型的损失无法求梯度",
    "GPT 没有注意力层"
  ],
  correct: () => 0,
  whyWrong: () => ({ 1: "词表里加一个词元很容易，这不是根本原因。", 2: "交叉熵对被遮盖位置的损失照样可导，BERT 就是这样训练的。", 3: "GPT 就是由带因果掩码的注意力层堆成的。" })
};

const MASK_ID = 1;
const FIRST_TOKEN = 2;
const countMasking: CodeExercise<{ vocab: number }> = {
  kind: "code",
  functionName: "countMasking",
  argNames: ["original", "corrupted", "targets"],
  params: (random) => ({ vocab: randomInt(random, 8, 30) }),
  starter: () =>
    [
      "// original、corrupted、targets 都是 [行][位置]；0 = 补齐，1 = [MASK]",
      "// 返回 [真实词元数, 被选中数, 变成 [MASK] 的数, 换成其他词元的数, 选中但未变的数]",
      "function countMasking(original: number[][], corrupted: number[][], targets: number[][]): number[] {",
      "  return [0, 0, 0, 0, 0];",
      "}",
      ""
    ].join("\n"),
  cases: (random, { vocab }) =>
    Array.from({ length: 4 }, (_, i) => {
      const rows = Array.from({ length: randomInt(random, 1, 4) }, () => {
        const length = randomInt(random, 4, 12);
        const real = randomInt(random, 1, length);
        return Array.from({ length }, (_, j) => (j < real ? randomInt(random, FIRST_TOKEN, vocab - 1) : 0));
      });
      // A small vocabulary makes "replaced by itself" happen: it counts as unchanged.
      const batch = maskTokens(rows, { maskId: MASK_ID, firstToken: FIRST_TOKEN, vocabSize: i === 3 ? 4 : vocab, rate: i === 0 ? 0.15 : 0.5, random: seededRandom(Math.floor(random() * 2 ** 32)) });
      return [rows, batch.input, batch.weights] as NumArray[];
    }),
  reference: ([original, corrupted, targets]) => {
    const rows = original as number[][];
    const c = maskingCounts(rows, { input: corrupted as number[][], targets: rows, weights: targets as number[][] }, MASK_ID);
    return [c.real, c.targets, c.masked, c.replaced, c.unchanged];
  },
  tolerance: 0
};

export const exercises: ExerciseBank = {
  "ch3-6-mask-count": maskCount,
  "ch3-6-other-count": otherCount,
  "ch3-6-gpt-mlm": gptMlm,
  "ch3-6-masking-counts": countMasking
};
