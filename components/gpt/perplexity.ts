// Perplexity of the GPT on held-out text (3.6): exp of the mean negative log-probability of
// each character given the characters before it. Non-overlapping windows, so every character
// after the first is predicted exactly once — the same characters the bigram baseline
// (bigram.ts) is scored on.
import * as tf from "@book/tf";
import type { Gpt } from "./model.js";
import { lmWindows } from "./windows.js";
import { yieldToPage } from "../train/loop.js";

export async function modelPerplexity(model: Gpt, ids: ArrayLike<number>, batchSize = 32): Promise<{ perplexity: number; characters: number }> {
  const length = model.config.context;
  const { inputs, targets } = lmWindows(ids, length);
  let nll = 0;
  let count = 0;
  try {
    for (let start = 0; start < inputs.shape[0]; start += batchSize) {
      const size = Math.min(batchSize, inputs.shape[0] - start);
      const sum = tf.tidy(() => {
        const x = inputs.slice([start, 0], [size, length]);
        const y = targets.slice([start, 0], [size, length]);
        const logProbs = tf.logSoftmax(model.forward(x).logits);
        return logProbs.mul(tf.oneHot(y, model.config.vocab)).sum().neg();
      });
      nll += (await sum.data())[0];
      sum.dispose();
      count += size * length;
      await yieldToPage();
    }
  } finally {
    tf.dispose([inputs, targets]);
  }
  return { perplexity: Math.exp(nll / count), characters: count };
}
