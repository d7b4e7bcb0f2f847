// 3.5's comparison of where LayerNorm goes (block.ts): the same deep decoder stack, post-LN
// (as in "Attention Is All You Need") and pre-LN (GPT-2), trained at a high learning rate with
// and without a linear warm-up, from the same initial weights on the same batches. Returns
// each run's loss per step for one chart. Xiong et al. (2020) explain why post-LN needs the
// warm-up: its gradients near the output are large at initialisation.
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";
import { yieldToPage } from "../train/loop.js";
import { Gpt, type GptConfig } from "./model.js";
import type { NormPlacement } from "./block.js";

export interface NormRun {
  norm: NormPlacement;
  warmup: boolean;
  losses: number[];
}

export interface NormComparisonOptions {
  model: Omit<GptConfig, "norm">;
  steps: number;
  learningRate: number;
  /** Steps of the linear warm-up from 0 to the learning rate (runs with warm-up only). */
  warmupSteps: number;
  batchSize: number;
  signal?: AbortSignal;
  onStep?(run: NormRun, step: number): void;
}

/** The learning-rate factor at step s (0-based) of a linear warm-up over n steps. */
export function warmupFactor(step: number, warmupSteps: number): number {
  return warmupSteps > 0 ? Math.min(1, (step + 1) / warmupSteps) : 1;
}

/** Trains post-LN and pre-LN, each without and with warm-up, on windows inputs/targets [n, T]. */
export async function compareNormPlacement(inputs: tf.Tensor2D, targets: tf.Tensor2D, options: NormComparisonOptions): Promise<NormRun[]> {
  const runs: NormRun[] = [];
  for (const norm of ["post", "pre"] as const)
    for (const warmup of [false, true]) {
      const run: NormRun = { norm, warmup, losses: [] };
      runs.push(run);
      await trainOne(inputs, targets, run, options);
      if (options.signal?.aborted) return runs;
    }
  return runs;
}

async function trainOne(inputs: tf.Tensor2D, targets: tf.Tensor2D, run: NormRun, { model: config, steps, learningRate, warmupSteps, batchSize, signal, onStep }: NormComparisonOptions): Promise<void> {
  const model = new Gpt({ ...config, norm: run.norm });
  const optimizer = tf.train.adam(learningRate);
  // tfjs's Adam reads this.learningRate on every step, so a schedule can set it between steps.
  const schedule = optimizer as unknown as { learningRate: number };
  const random = seededRandom(11); // the same batches for every run
  try {
    for (let step = 0; step < steps && !signal?.aborted; step++) {
      schedule.learningRate = learningRate * (run.warmup ? warmupFactor(step, warmupSteps) : 1);
      const rows = tf.tensor1d(Array.from({ length: batchSize }, () => Math.floor(random() * inputs.shape[0])), "int32");
      const [x, y] = [tf.gather(inputs, rows), tf.gather(targets, rows)] as tf.Tensor2D[];
      const { loss } = await model.trainStep(optimizer, x, y);
      tf.dispose([rows, x, y]);
      run.losses.push(loss);
      onStep?.(run, step);
      await yieldToPage();
    }
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
