// Checked exercises of 第7章 (src/ch7-applications.md): Little's law for a server, PSI of
// two distributions, the compute-optimal model size, and the nearest-rank percentile as
// code, each checked against the chapter's own modules (components/serving/percentiles.ts,
// components/monitor/drift.ts, components/future/chinchilla.ts).
import { computeOptimal } from "../../future/chinchilla.js";
import { psi } from "../../monitor/drift.js";
import { percentile } from "../../serving/percentiles.js";
import { randomDecimal, randomInt, randomVector } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";

const littlesLaw: NumericExercise<{ rate: number; latency: number }> = {
  kind: "numeric",
  params: (random) => ({ rate: randomInt(random, 4, 40) * 50, latency: randomInt(random, 2, 30) }),
  answer: ({ rate, latency }) => (rate * latency) / 1000,
  tolerance: { rel: 1e-3 },
  mistakes: [{ value: ({ rate, latency }) => rate * latency, message: "延迟的单位是毫秒，先换算成秒再乘以每秒的请求数。" }]
};

const twoBinPsi: NumericExercise<{ p: number; q: number }> = {
  kind: "numeric",
  params: (random) => ({ p: randomDecimal(random, 0.2, 0.8, 2), q: randomDecimal(random, 0.05, 0.95, 2) }),
  answer: ({ p, q }) => psi([p, 1 - p], [q, 1 - q]),
  tolerance: { abs: 5e-4, rel: 2e-3 },
  mistakes: [{ value: ({ p, q }) => q * Math.log(q / p) + (1 - q) * Math.log((1 - q) / (1 - p)), message: "这是 KL(当前 ‖ 参考)，只是 PSI 的一半：PSI 把两个方向的 KL 加在一起，每项是 (a − e)·ln(a/e)。" }]
};

const chinchilla: NumericExercise<{ exponent: number; mantissa: number }> = {
  kind: "numeric",
  params: (random) => ({ mantissa: randomInt(random, 1, 9), exponent: randomInt(random, 20, 25) }),
  // In billions of parameters.
  answer: ({ mantissa, exponent }) => computeOptimal(mantissa * 10 ** exponent).params / 1e9,
  tolerance: { rel: 0.02 },
  mistakes: [{ value: ({ mantissa, exponent }) => (mantissa * 10 ** exponent) / 6 / 1e9, message: "C/6 是 N·D 的乘积，还要用 D = 20N 把它拆开：N = √(C / 120)。" }]
};

const canaryChoice: ChoiceExercise<{ percent: number }> = {
  kind: "choice",
  params: (random) => ({ percent: randomInt(random, 1, 10) * 5 }),
  options: () => [
    "按请求 id 的哈希分流：同一个用户（同一个 id）总是落到同一个版本",
    "每个请求各自掷一次骰子决定版本",
    "先把所有请求发给新版本，出错再发给旧版本",
    "白天用新版本，夜里用旧版本"
  ],
  correct: () => 0,
  whyWrong: () => ({
    1: "比例上没错，但同一个用户会在两个版本之间来回跳，体验不一致，两版本的指标也混在一起，难以归因。",
    2: "这等于 100% 上线新版本，出错的请求已经影响了用户，并且延迟翻倍。",
    3: "两组流量的时间段不同，输入分布也不同，比较两个版本的指标就不公平了。"
  })
};

const nearestRank: CodeExercise<{ n: number }> = {
  kind: "code",
  functionName: "nearestRank",
  argNames: ["values", "p"],
  params: (random) => ({ n: randomInt(random, 5, 30) }),
  starter: () => ["// values：若干延迟（毫秒，未排序）；p：百分位，0 < p ≤ 100", "function nearestRank(values: number[], p: number): number {", "  return values[0];", "}", ""].join("\n"),
  cases: (random, { n }) =>
    [50, 95, 99, 100, randomInt(random, 1, 99)].map((p, i) => [randomVector(random, i === 4 ? randomInt(random, 1, 40) : n, 50, 1).map(Math.abs), p] as NumArray[]),
  reference: ([values, p]) => percentile(values as number[], p as number)
};

export const exercises: ExerciseBank = {
  "ch7-littles-law": littlesLaw,
  "ch7-psi": twoBinPsi,
  "ch7-chinchilla": chinchilla,
  "ch7-canary": canaryChoice,
  "ch7-percentile": nearestRank
};
