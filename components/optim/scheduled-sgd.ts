// Plain SGD whose learning rate follows a schedule (第4章 4.6): θ ← θ − η_t g, t counting
// the steps taken so far from 0. The LR range test and the schedule comparison use it.
import * as tf from "@book/tf";
import { eachParam, type Optimizer } from "./optimizer.js";
import type { Schedule } from "./schedules.js";

export interface ScheduledOptimizer extends Optimizer {
  /** The learning rate the next step will use. */
  readonly rate: number;
}

export function scheduledSgd(params: readonly tf.Variable[], schedule: Schedule): ScheduledOptimizer {
  let t = 0;
  return {
    name: "SGD（调度）",
    get rate() {
      return schedule(t);
    },
    step(grads) {
      const lr = schedule(t++);
      if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`第 ${t} 步的学习率 ${lr} 不是正的有限数`);
      eachParam(params, grads, (p, g) => p.assign(tf.sub(p, tf.mul(lr, g))));
    },
    dispose: () => {}
  };
}
