// Checked exercises of 5.2 (src/ch5-2-memory.md): the bytes of model states with Adam in mixed
// precision and under ZeRO (from the chapter's modelStateBytes), one value rounded to FP16 and
// FP16 rounding as code (both checked with the bit-level f16round), and what mixed precision saves.
import { modelStateBytes, type ZeroStage } from "../../memory/transformer-memory.js";
import { f16round } from "../../precision/float-formats.js";
import { pick, randomInt } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumericExercise } from "../types.js";

const GB = 1e9;

const adamBytes: NumericExercise<{ billions: number }> = {
  kind: "numeric",
  params: (random) => ({ billions: pick(random, [1.3, 3, 6.7, 13, 30, 65, 70]) }),
  answer: ({ billions }) => modelStateBytes(billions * GB, "mixed", 0, 1).total / GB,
  tolerance: { abs: 0.05, rel: 1e-3 },
  mistakes: [
    { value: ({ billions }) => 8 * billions, message: "这是把 FP32 训练的 16 字节“减半”：混合精度要另存 FP32 主权重，模型状态仍是每个参数 16 字节。" },
    { value: ({ billions }) => 2 * billions, message: "这只是 FP16 权重本身；训练还要梯度、FP32 主权重和 Adam 的两个矩。" },
    { value: ({ billions }) => 12 * billions, message: "漏了 FP16 的权重和梯度（各 2 字节）之一或之二：2 + 2 + 4 + 4 + 4 = 16。" },
    { value: ({ billions }) => 14 * billions, message: "少算了 2 字节：FP16 权重 2、FP16 梯度 2、主权重 4、m 4、v 4，共 16。" }
  ]
};

const zero: NumericExercise<{ billions: number; stage: number; gpus: number }> = {
  kind: "numeric",
  params: (random) => ({ billions: pick(random, [7, 13, 30, 70]), stage: randomInt(random, 1, 3), gpus: pick(random, [8, 16, 64]) }),
  answer: ({ billions, stage, gpus }) => modelStateBytes(billions * GB, "mixed", stage as ZeroStage, gpus).total / GB,
  tolerance: { abs: 0.05, rel: 1e-3 },
  mistakes: [
    { value: ({ billions, stage, gpus }) => (stage === 3 ? NaN : (16 * billions) / gpus), message: "这是 ZeRO-3（权重、梯度、优化器状态全部切分）的结果；题目的阶段只切分其中一部分。" },
    { value: ({ billions }) => 16 * billions, message: "这是不切分时每张卡的模型状态：ZeRO 把一部分状态平均分到 N 张卡上。" },
    { value: ({ billions, stage, gpus }) => (stage === 1 ? NaN : 4 * billions + (12 * billions) / gpus), message: "这是 ZeRO-1（只切分优化器状态）；看看题目的阶段还切分了什么。" }
  ]
};

const FP16_VALUES = [0.1, 1 / 3, 2049, 4097, 1000.3, 3.14159, 1e-7, 3e-6, 65000, 0.0001];
const fp16Value: NumericExercise<{ x: number }> = {
  kind: "numeric",
  params: (random) => ({ x: pick(random, FP16_VALUES) }),
  answer: ({ x }) => f16round(x),
  tolerance: { abs: 0, rel: 1e-7 },
  mistakes: [
    { value: ({ x }) => (f16round(x) === x ? NaN : x), message: "这是原来的数：FP16 只有 10 位尾数，绝大多数数要舍入到最近的可表示值。" },
    { value: ({ x }) => (x === 2049 ? 2050 : x === 4097 ? 4100 : NaN), message: "正好落在两个可表示值中间时，舍入到尾数为偶数的那个（round half to even）。" },
    { value: ({ x }) => (x < 6.1e-5 ? 0 : NaN), message: "它比最小正规数小，但比最小次正规数 2⁻²⁴ ≈ 5.96×10⁻⁸ 大：存成次正规数，不是 0。" }
  ]
};

const f16Code: CodeExercise<{ range: string }> = {
  kind: "code",
  functionName: "toFp16",
  argNames: ["x"],
  params: (random) => ({ range: pick(random, ["正规数与次正规数都有", "包括恰好落在两个值中间的数"]) }),
  starter: () => ["// 返回 x 舍入到 FP16 后的值（用 JavaScript 的 number 表示）；不许用 Math.f16round", "function toFp16(x: number): number {", "  return x;", "}", ""].join("\n"),
  cases: (random) =>
    Array.from({ length: 24 }, (_, i) => {
      const sign = random() < 0.5 ? -1 : 1;
      if (i % 4 === 0) {
        // an exact midpoint between two FP16 neighbours
        const e = randomInt(random, -20, 14);
        const step = 2 ** (Math.max(e, -14) - 10);
        return [sign * (2 ** e + (randomInt(random, 0, 1023) + 0.5) * step)];
      }
      return [sign * (1 + random()) * 2 ** randomInt(random, -26, 15)];
    }).map((args) => args.map((x) => (Math.abs(x) >= 65504 ? Math.sign(x) * 65000 : x))),
  reference: ([x]) => f16round(x as number),
  tolerance: 0
};

const halfClaim: ChoiceExercise<Record<string, never>> = {
  kind: "choice",
  params: () => ({}),
  options: () => [
    "激活值的字节数大约减半，矩阵乘法更快；权重 + 梯度 + Adam 状态仍是每参数 16 字节",
    "所有显存减半：每个参数从 16 字节变成 8 字节",
    "只有权重减半，其余不变",
    "什么也不省，只是更快"
  ],
  correct: () => 0,
  whyWrong: () => ({
    1: "混合精度要另存一份 FP32 主权重，Adam 的 m、v 也是 FP32：2 + 2 + 4 + 4 + 4 = 16 字节，与 FP32 训练一样。",
    2: "权重的 FP16 副本确实是 2 字节，但旁边还有 4 字节的 FP32 主权重；省下的主要是激活值。",
    3: "激活值用 16 位存，字节数约减半，这在长序列、大批量时往往是显存的大头。"
  })
};

export const exercises: ExerciseBank = {
  "ch5-2-adam-bytes": adamBytes,
  "ch5-2-zero": zero,
  "ch5-2-fp16-value": fp16Value,
  "ch5-2-half-claim": halfClaim,
  "ch5-2-fp16-code": f16Code
};
