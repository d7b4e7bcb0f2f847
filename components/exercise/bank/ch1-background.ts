// Checked exercises of 第1章 (src/ch1-background.md): a doubling time from a growth factor,
// reading orders of magnitude off the log-scale compute chart, and who built AlexNet.
// The answers use the chapter's own fit (components/data/landmark-models.ts).
import { fitExponentialTrend } from "../../data/landmark-models.js";
import { pick, randomInt } from "../random.js";
import type { ChoiceExercise, ExerciseBank, NumericExercise } from "../types.js";

/** Training compute (FLOP) of models drawn on the chapter's chart, as in
 * data/landmark-models.json (tests/exercise/bank-ch1-ch2.test.ts keeps them equal). */
export const CHART_COMPUTE: Record<string, { year: number; flop: number }> = {
  AlexNet: { year: 2012, flop: 4.7e17 },
  "VGG-16": { year: 2014, flop: 1.229e19 },
  "ResNet-152": { year: 2015, flop: 1.041e19 },
  "AlphaGo Zero": { year: 2017, flop: 3.41e23 },
  "BERT-Large": { year: 2018, flop: 2.85e20 },
  "GPT-2": { year: 2019, flop: 1.92e21 },
  "GPT-3": { year: 2020, flop: 3.14e23 },
  PaLM: { year: 2022, flop: 2.527e24 },
  "Llama 3.1-405B": { year: 2024, flop: 3.8e25 }
};

type Growth = { factor: number; exponent: number; years: number };
const doubling: NumericExercise<Growth> = {
  kind: "numeric",
  params: (random) => {
    const exponent = randomInt(random, 2, 9);
    return { exponent, factor: 10 ** exponent, years: randomInt(random, 2, 12) };
  },
  // The same least-squares fit the chapter draws, on the two end points of the growth.
  answer: ({ factor, years }) => fitExponentialTrend([{ year: 0, value: 1 }, { year: years, value: factor }]).doublingMonths,
  tolerance: { rel: 0.01 },
  mistakes: [
    { value: ({ factor, years }) => years / Math.log2(factor), message: "这是以“年”为单位的倍增时间；题目问的是月。" },
    { value: ({ factor, years }) => (12 * years) / Math.log10(factor), message: "这是每增长 10 倍所需的月数；翻一番要用以 2 为底的对数：log₂ 因子 = 翻番次数。" }
  ]
};

type Pair = { small: string; large: string };
const orders: NumericExercise<Pair> = {
  kind: "numeric",
  params: (random) => {
    const names = Object.keys(CHART_COMPUTE);
    const small = pick(random, names.slice(0, 5));
    let large = pick(random, names.slice(5));
    if (CHART_COMPUTE[large].flop <= CHART_COMPUTE[small].flop) large = "Llama 3.1-405B";
    return { small, large };
  },
  answer: ({ small, large }) => Math.log10(CHART_COMPUTE[large].flop / CHART_COMPUTE[small].flop),
  // Read from the chart: half a decade either way is a good reading.
  tolerance: { abs: 0.5 },
  mistakes: [
    { value: ({ small, large }) => CHART_COMPUTE[large].flop / CHART_COMPUTE[small].flop, message: "这是倍数本身；数量级是倍数的以 10 为底的对数，也就是图上相隔几格。" },
    { value: ({ small, large }) => Math.log2(CHART_COMPUTE[large].flop / CHART_COMPUTE[small].flop), message: "这是翻番的次数（以 2 为底）；图上每一格是 10 倍。" }
  ]
};

const alexnet: ChoiceExercise<Record<string, never>> = {
  kind: "choice",
  params: () => ({}),
  options: () => [
    "Krizhevsky、Sutskever 与 Hinton 在 ILSVRC 2012 上提交的卷积网络，在两块 GPU 上训练",
    "Hinton 在 2012 年首次提出“深度学习”这一概念时给出的示例网络",
    "Google 在 2012 年用 16,000 个 CPU 核心训练的无监督网络",
    "LeCun 在 1998 年提出、2012 年改名的 LeNet"
  ],
  correct: () => 0,
  whyWrong: () => ({
    1: "“深度学习”的说法和多层网络的研究早于 2012 年（例如 2006 年 Hinton 等人的深度信念网络）；AlexNet 是三位作者的竞赛作品。",
    2: "那是同年 Le 等人从 YouTube 截图中学出“猫脸”神经元的工作，不是 AlexNet。",
    3: "LeNet-5 是另一个更小的网络，AlexNet 借鉴了卷积的思想，但不是它改名而来。"
  })
};

export const exercises: ExerciseBank = {
  "ch1-doubling": doubling,
  "ch1-orders": orders,
  "ch1-alexnet": alexnet
};
