// Checked exercises of 5.1 (src/ch5-1-parallel.md): a ring all-reduce's bytes (the chapter's
// ringAllReduceBytesPerWorker), the micro-batches a pipeline needs for a given bubble (from
// bubbleFraction), the weight of an unequal shard, and gradient averaging as code (checked
// with the chapter's averageGradients).
import { bubbleFraction, ringAllReduceBytesPerWorker } from "../../parallel/comm-cost.js";
import { averageGradients } from "../../parallel/data-parallel.js";
import { pick, randomInt, randomMatrix } from "../random.js";
import type { CodeExercise, ExerciseBank, NumericExercise } from "../types.js";

const ringBytes: NumericExercise<{ k: number; millions: number }> = {
  kind: "numeric",
  params: (random) => ({ k: pick(random, [4, 8, 16, 64]), millions: pick(random, [50, 100, 350, 1300]) }),
  answer: ({ k, millions }) => ringAllReduceBytesPerWorker(k, millions * 1e6) / 1e6,
  tolerance: { abs: 0.5, rel: 1e-3 },
  mistakes: [
    { value: ({ millions }) => 2 * millions * 4, message: "这是 K 很大时的极限 2·N·4；有限的 K 要乘 (K−1)/K。" },
    { value: ({ k, millions }) => ((k - 1) / k) * millions * 4, message: "只算了 reduce-scatter 一半：all-gather 还要再传同样多，共 2(K−1) 轮。" },
    { value: ({ k, millions }) => 2 * ((k - 1) / k) * millions, message: "忘了乘每个数的 4 字节。" },
    { value: ({ k, millions }) => 2 * k * millions * 4, message: "这是参数服务器的服务器要收发的量；环形 all-reduce 中每台设备只传 2(K−1)/K · N 个数。" }
  ]
};

/** The fewest micro-batches whose bubble is at most `percent`%. */
function microBatchesFor(p: number, percent: number): number {
  let m = 1;
  while (bubbleFraction(p, m) > percent / 100 + 1e-12) m++;
  return m;
}

const bubble: NumericExercise<{ p: number; percent: number }> = {
  kind: "numeric",
  params: (random) => ({ p: randomInt(random, 2, 8), percent: pick(random, [5, 10, 20, 25]) }),
  answer: ({ p, percent }) => microBatchesFor(p, percent),
  tolerance: { abs: 0, rel: 0 },
  mistakes: [
    { value: ({ p, percent }) => (microBatchesFor(p, percent) === (p - 1) * (100 / percent - 1) ? NaN : Math.floor((p - 1) * (100 / percent - 1))), message: "向下取整后气泡会略超过要求：m 要向上取整。" },
    { value: ({ p, percent }) => Math.ceil((p - 1) / (percent / 100)), message: "气泡是 (p−1)/(m+p−1)，分母里还有 p−1：解出 m ≥ (p−1)(1/q − 1)。" }
  ]
};

const shards: NumericExercise<{ a: number; b: number }> = {
  kind: "numeric",
  params: (random) => {
    const a = pick(random, [16, 24, 32, 48]);
    return { a, b: pick(random, [64, 80, 96, 112].filter((b) => b !== a)) };
  },
  answer: ({ a, b }) => a / (a + b),
  tolerance: { abs: 1e-3, rel: 1e-3 },
  mistakes: [
    { value: () => 0.5, message: "简单平均只在两份一样大时才等于整批梯度：每份的平均损失要按它的样本数加权。" },
    { value: ({ a, b }) => b / (a + b), message: "这是第二份的权重：样本多的那份权重更大。" }
  ]
};

const averageCode: CodeExercise<{ k: number }> = {
  kind: "code",
  functionName: "averageGradients",
  argNames: ["grads"],
  params: (random) => ({ k: randomInt(random, 2, 5) }),
  starter: () => ["// grads：K 个等长的数组（每台设备的梯度）；返回逐元素的平均", "function averageGradients(grads: number[][]): number[] {", "  return grads[0];", "}", ""].join("\n"),
  cases: (random, { k }) => Array.from({ length: 6 }, () => [randomMatrix(random, k, randomInt(random, 3, 12), 2, 3)]),
  reference: ([grads]) => Array.from(averageGradients((grads as number[][]).map((g) => Float32Array.from(g))), (v) => v),
  tolerance: 1e-5
};

export const exercises: ExerciseBank = {
  "ch5-1-ring-bytes": ringBytes,
  "ch5-1-bubble": bubble,
  "ch5-1-shards": shards,
  "ch5-1-average-code": averageCode
};
