// Checked exercises of 5.4 (src/ch5-4-finetune.md): trainable parameters after freezing the
// convolutions (counted with the search space's formula, components/nas/space.ts), a LoRA
// adapter's size (components/finetune/lora.ts), what to tune first, and the Pareto front as
// code, checked against components/nas/pareto.ts.
import { loraParamCount } from "../../finetune/lora.js";
import { paretoFront } from "../../nas/pareto.js";
import { architectureParams } from "../../nas/space.js";
import { pick, randomDecimal, randomInt } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";

const CONV_PARAMS = 9 * 32 + 32 + 9 * 32 * 64 + 64; // conv1 + conv2 of the 3.2 CNN

type Frozen = { d: number; k: number };
const frozenParams: NumericExercise<Frozen> = {
  kind: "numeric",
  params: (random) => ({ d: pick(random, [32, 64, 96, 128, 256]), k: pick(random, [2, 3, 5, 10]) }),
  answer: ({ d, k }) => architectureParams({ filters: [32, 64], dense: d }, k) - CONV_PARAMS,
  tolerance: { abs: 0.5, rel: 0 },
  mistakes: [
    { value: ({ d, k }) => 1600 * d + d * k, message: "漏掉了偏置：每个全连接层的每个输出还有一个偏置。" },
    { value: ({ d, k }) => architectureParams({ filters: [32, 64], dense: d }, k), message: "这是全部参数；卷积层冻结后不再训练，要减去它们的参数。" },
    { value: ({ d, k }) => 1600 * d + d + d * k + k - CONV_PARAMS, message: "冻结的卷积层参数不在 1600·d 里，不用再减一次。" }
  ]
};

type Lora = { m: number; n: number; r: number };
const loraSize: NumericExercise<Lora> = {
  kind: "numeric",
  params: (random) => ({ m: pick(random, [256, 512, 768, 1024, 1600, 4096]), n: pick(random, [64, 128, 256, 768, 1024]), r: pick(random, [1, 2, 4, 8, 16]) }),
  answer: ({ m, n, r }) => loraParamCount(m, n, r),
  tolerance: { abs: 0.5, rel: 0 },
  mistakes: [
    { value: ({ m, n, r }) => r * m * n, message: "A 是 m×r、B 是 r×n，参数个数相加而不是三个数相乘。" },
    { value: ({ m, n }) => m * n, message: "这是原来整个权重矩阵的参数量，LoRA 不训练它。" },
    { value: ({ m, n, r }) => r * r + m * n, message: "适配器只有 A 与 B 两个矩阵：r·m + r·n。" }
  ]
};

const tuneFirst: ChoiceExercise<{ labels: number }> = {
  kind: "choice",
  params: (random) => ({ labels: pick(random, [100, 200, 500, 1000]) }),
  options: () => ["学习率：先在对数刻度上（如 1e-4、1e-3、1e-2）找到量级", "批大小：从 1 开始每次加 1", "随机种子：多换几个，挑测试集上最好的", "网络层数：先搜索结构再定学习率"],
  correct: () => 0,
  whyWrong: () => ({
    1: "批大小的影响通常比学习率小，而且应按 2 的倍数大步试；逐个加 1 浪费算力。",
    2: "在测试集上挑种子等于让测试集参与了选择，报告的准确率会偏高。",
    3: "结构搜索最贵；学习率不对时，任何结构的比较都不公平。"
  })
};

const front: CodeExercise<{ n: number }> = {
  kind: "code",
  functionName: "paretoMask",
  argNames: ["accuracy", "params", "latency"],
  params: (random) => ({ n: randomInt(random, 5, 9) }),
  starter: () =>
    [
      "// 三个等长数组：准确率（越大越好）、参数量与延迟（越小越好）。",
      "// 返回同样长的数组：第 i 个结构在帕累托前沿上为 1，否则为 0。",
      "function paretoMask(accuracy: number[], params: number[], latency: number[]): number[] {",
      "  return accuracy.map(() => 1);",
      "}",
      ""
    ].join("\n"),
  cases: (random, { n }) =>
    Array.from({ length: 5 }, (_, c) => {
      const size = c === 0 ? 1 : c === 1 ? n : randomInt(random, 3, 12);
      const accuracy = Array.from({ length: size }, () => randomDecimal(random, 0.8, 0.99, 2));
      const params = Array.from({ length: size }, () => randomInt(random, 1, 20) * 1000);
      const latency = Array.from({ length: size }, () => randomDecimal(random, 0.5, 3, 1));
      if (c === 4 && size > 1) [accuracy[1], params[1], latency[1]] = [accuracy[0], params[0], latency[0]]; // a tie: both stay
      return [accuracy, params, latency] as NumArray[];
    }),
  reference: ([accuracy, params, latency]) => {
    const candidates = (accuracy as number[]).map((a, i) => ({ accuracy: a, params: (params as number[])[i], latencyMs: (latency as number[])[i] }));
    const onFront = new Set(paretoFront(candidates));
    return candidates.map((_, i) => (onFront.has(i) ? 1 : 0));
  },
  tolerance: 0
};

export const exercises: ExerciseBank = {
  "ch5-4-frozen-params": frozenParams,
  "ch5-4-lora-size": loraSize,
  "ch5-4-tune-first": tuneFirst,
  "ch5-4-pareto": front
};
