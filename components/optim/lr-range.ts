// The learning-rate range test (第4章 4.6): train from a fresh network while the learning
// rate grows exponentially from `from` to `to`, one step each, and record the loss. The loss
// first stays flat (too small a step), then falls, then explodes. The suggestion is a tenth
// of the rate where the smoothed loss was lowest: the largest rate still safely on the
// falling part.
import type * as tf from "@book/tf";
import { scheduledSgd } from "./scheduled-sgd.js";
import { trainClassifier } from "./train-classifier.js";

export interface RangeTestPoint {
  lr: number;
  loss: number;
}

export interface RangeTest {
  points: RangeTestPoint[];
  suggested: number;
}

export async function lrRangeTest(params: readonly tf.Variable[], logits: (xb: tf.Tensor, training: boolean) => tf.Tensor, x: tf.Tensor, y: tf.Tensor, { from = 1e-4, to = 10, steps = 200, batchSize = 64, seed = 1 } = {}): Promise<RangeTest> {
  if (!(from > 0 && to > from)) throw new Error(`学习率范围必须满足 0 < 起点 < 终点，收到 ${from} 到 ${to}`);
  const rate = (t: number) => from * (to / from) ** (t / Math.max(1, steps - 1));
  const optimizer = scheduledSgd(params, rate);
  const points: RangeTestPoint[] = [];
  let smooth = NaN;
  let best = Infinity;
  const epochs = Math.ceil((steps * batchSize) / x.shape[0]);
  const stop = new AbortController();
  await trainClassifier(params, logits, optimizer, x, y, {
    epochs,
    batchSize,
    seed,
    signal: stop.signal,
    onStep: (step, loss) => {
      smooth = Number.isNaN(smooth) ? loss : 0.9 * smooth + 0.1 * loss;
      points.push({ lr: rate(step - 1), loss: smooth });
      best = Math.min(best, smooth);
      // Once the loss has clearly exploded the rest of the sweep tells nothing more.
      if (step >= steps || smooth > 4 * best) stop.abort();
    }
  });
  const lowest = points.reduce((a, b) => (b.loss < a.loss ? b : a), points[0] ?? { lr: from, loss: NaN });
  return { points, suggested: lowest.lr / 10 };
}
