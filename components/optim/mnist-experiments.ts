// The MNIST experiments of 第4章 4.2 and 4.6, as data the page draws: the book's optimisers on
// one network, the learning-rate schedules, and gradient clipping on a deep MLP that diverges
// without it. Every run starts from the same seeded weights and sees the same batches.
import type { DeepMlpOptions } from "../init/deep-mlp.js";
import { adagrad } from "./adagrad.js";
import { adam, adamW } from "./adam.js";
import { withClipping } from "./clip.js";
import { type Digits, type MnistRun, runOnMnist } from "./mnist-runs.js";
import { momentum } from "./momentum.js";
import type { Optimizer } from "./optimizer.js";
import { rmsprop } from "./rmsprop.js";
import { scheduledSgd } from "./scheduled-sgd.js";
import { bookSchedules, type Schedule } from "./schedules.js";
import { sgd } from "./sgd.js";

type Network = Omit<DeepMlpOptions, "inputs" | "outputs">;
type Variables = Parameters<typeof sgd>[0];

/** 784 → 128 → 128 → 10, ReLU, He: the network of the optimiser and schedule comparisons. */
export const COMPARISON_MLP: Network = { width: 128, depth: 2, activation: "relu", init: "he", seed: 1 };
/** 8 hidden layers × 64, ReLU, He, no batch norm: the one that diverges in 4.4's sweep. */
export const DEEP_MLP: Network = { width: 64, depth: 8, activation: "relu", init: "he", seed: 2 };

/** Each rule of 4.2 at a setting commonly used for it (the page prints these). */
export const MNIST_OPTIMIZERS: { name: string; setting: string; make: (p: Variables) => Optimizer }[] = [
  { name: "SGD", setting: "η = 0.1", make: (p) => sgd(p, { lr: 0.1 }) },
  { name: "动量", setting: "η = 0.01，μ = 0.9", make: (p) => momentum(p, { lr: 0.01, mu: 0.9 }) },
  { name: "Nesterov", setting: "η = 0.01，μ = 0.9", make: (p) => momentum(p, { lr: 0.01, mu: 0.9, nesterov: true }) },
  { name: "AdaGrad", setting: "η = 0.05", make: (p) => adagrad(p, { lr: 0.05 }) },
  { name: "RMSProp", setting: "η = 0.001，ρ = 0.9", make: (p) => rmsprop(p, { lr: 0.001 }) },
  { name: "Adam", setting: "η = 0.001，β = (0.9, 0.999)", make: (p) => adam(p, { lr: 0.001 }) },
  { name: "AdamW", setting: "η = 0.001，λ = 0.1", make: (p) => adamW(p, { lr: 0.001, weightDecay: 0.1 }) }
];

export interface Sizing {
  epochs: number;
  batchSize: number;
  signal?: AbortSignal;
}

/** The chosen optimisers (by name), one run each; an empty choice is refused in Chinese. */
export async function compareOptimizers(names: readonly string[], train: Digits, test: Digits, sizing: Sizing): Promise<MnistRun[]> {
  const chosen = MNIST_OPTIMIZERS.filter((o) => names.includes(o.name));
  if (!chosen.length) throw new Error("至少选择一个优化器");
  const runs: MnistRun[] = [];
  for (const o of chosen) runs.push(await runOnMnist(o.name, o.make, train, test, { network: COMPARISON_MLP, ...sizing }));
  return runs;
}

export interface ScheduleRun extends MnistRun {
  schedule: Schedule;
  total: number;
}

/** SGD driven by each schedule of bookSchedules(peak, total), total = the run's step count. */
export async function compareSchedules(peak: number, train: Digits, test: Digits, sizing: Sizing): Promise<ScheduleRun[]> {
  const total = Math.ceil(train.x.shape[0] / sizing.batchSize) * sizing.epochs;
  const runs: ScheduleRun[] = [];
  for (const [name, schedule] of bookSchedules(peak, total)) {
    runs.push({ ...(await runOnMnist(name, (p) => scheduledSgd(p, schedule), train, test, { network: COMPARISON_MLP, ...sizing })), schedule, total });
  }
  return runs;
}

export interface ClippingRun extends MnistRun {
  lr: number;
  maxNorm: number | null;
  /** ‖g‖ of every step before and after clipping. */
  norms: { before: number[]; after: number[] };
}

/** SGD on the deep MLP at each (lr, maxNorm) setting; maxNorm null = no clipping. */
export async function clippingRuns(settings: { lr: number; maxNorm: number | null }[], train: Digits, test: Digits, sizing: Sizing): Promise<ClippingRun[]> {
  const runs: ClippingRun[] = [];
  for (const { lr, maxNorm } of settings) {
    const name = `η = ${lr}，${maxNorm === null ? "不裁剪" : `裁剪到 ‖g‖ ≤ ${maxNorm}`}`;
    const run = await runOnMnist(name, (p) => withClipping(sgd(p, { lr }), maxNorm), train, test, { network: DEEP_MLP, ...sizing }, async (_mlp, optimizer, trained) => (trained ? (optimizer as ReturnType<typeof withClipping>).norms() : undefined));
    runs.push({ ...run, lr, maxNorm, norms: run.inspected ?? { before: [], after: [] } });
  }
  return runs;
}
