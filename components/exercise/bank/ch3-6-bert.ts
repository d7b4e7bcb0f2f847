// Checked exercises of 3.6 (src/ch3-6-bert.md): expected counts under BERT's 15% and
// 80/10/10 masking, why GPT is not trained as a masked LM, and the masking statistics as
// code, checked against maskingCounts on batches corrupted by maskTokens
// (components/text/masking.ts), the functions the chapter's masked LM uses.
import { maskingCounts, maskTokens } from "../../text/masking.js";
import { samplingDistribution } from "../../gpt/sampling.js";
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

// The GPT part (3.6.7): perplexity as exp of the mean negative log-probability, what top-p
// keeps (checked with the page's samplingDistribution), what the KV cache changes.
const PPL_WRONG = [(n: number) => Math.log(n), (n: number) => n / 2, (n: number) => n * n];
const perplexity: ChoiceExercise<{ n: number; nll: string; shift: number }> = {
  kind: "choice",
  params: (random) => {
    const n = randomInt(random, 20, 400);
    return { n, nll: Math.log(n).toFixed(3), shift: randomInt(random, 0, 3) };
  },
  options: ({ n, shift }) => rotate([String(n), ...PPL_WRONG.map((f) => f(n).toFixed(f === PPL_WRONG[1] ? 1 : 3))], shift),
  correct: ({ shift }) => (4 - shift) % 4,
  whyWrong: ({ shift }) => Object.fromEntries([[(5 - shift) % 4, "这是平均负对数概率本身，困惑度还要取指数。"], [(6 - shift) % 4, "困惑度是 exp(平均负对数概率)，不是它的一半。"], [(7 - shift) % 4, "指数只取一次。"]])
};

const topP: ChoiceExercise<{ probs: number[]; p: number }> = {
  kind: "choice",
  params: (random) => {
    const raw = Array.from({ length: 5 }, () => 0.2 + random());
    const sum = raw.reduce((a, b) => a + b, 0);
    const probs = raw.map((v) => Math.round((v / sum) * 100) / 100);
    probs[4] = Math.round((1 - probs.slice(0, 4).reduce((a, b) => a + b, 0)) * 100) / 100;
    return { probs, p: pick(random, [0.35, 0.55, 0.65, 0.85]) }; // never equal to a sum of hundredths
  },
  options: () => ["1 个", "2 个", "3 个", "4 个", "5 个"],
  correct: ({ probs, p }) => samplingDistribution(probs.map((v) => Math.log(v)), { temperature: 1, topP: p }).filter((v) => v > 0).length - 1,
  whyWrong: () => ({})
};

const kvCache: ChoiceExercise = {
  kind: "choice",
  params: () => ({}),
  options: () => [
    "因果掩码使前面位置的键和值不随后面的字改变，所以可以存下来复用；输出的 logits 与不加缓存时相同",
    "KV 缓存把注意力换成了近似算法，生成更快但结果略有不同",
    "KV 缓存存的是每一步的查询 q，这样下一步不用重算",
    "双向的 BERT 编码器同样可以逐字复用缓存的键和值"
  ],
  correct: () => 0,
  whyWrong: () => ({
    1: "缓存不做任何近似：本页的测试核对了两种写法的 logits 在浮点误差内相同。",
    2: "查询只属于当前的新字，用完即弃；需要反复使用的是前面所有位置的键和值。",
    3: "双向注意力里前面位置的表示会因为后面多了字而改变，缓存的键和值就失效了。"
  })
};

function rotate<T>(items: T[], shift: number): T[] {
  return items.map((_, i) => items[(i + shift) % items.length]);
}

export const exercises: ExerciseBank = {
  "ch3-6-mask-count": maskCount,
  "ch3-6-other-count": otherCount,
  "ch3-6-gpt-mlm": gptMlm,
  "ch3-6-masking-counts": countMasking,
  "ch3-6-perplexity": perplexity,
  "ch3-6-top-p": topP,
  "ch3-6-kv-cache": kvCache
};
