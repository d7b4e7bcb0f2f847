// Sampling from a character language model: softmax with temperature T, p_i ∝ exp(log p_i / T),
// drawn with a seeded generator so a (seed, T) pair always gives the same names.
import * as tf from "@book/tf";
import { seededRandom } from "../data/synthetic.js";
import { BOS, EOS, PAD, type CharVocab } from "../text/vocab.js";
import { NAME_LENGTH } from "./rnn-models.js";
import { yieldToPage } from "../util/yield.js";

export interface SampleStep {
  char: string;
  probability: number;
  /** The five likeliest next characters at this step (after temperature). */
  top: { char: string; probability: number }[];
}

export function withTemperature(probabilities: ArrayLike<number>, temperature: number): Float64Array {
  const logits = Float64Array.from(probabilities, (p) => Math.log(Math.max(p, 1e-12)) / Math.max(temperature, 1e-3));
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

export async function sampleName(model: tf.LayersModel, vocab: CharVocab, { temperature = 1, random = seededRandom(1), prefix = "" } = {}): Promise<{ name: string; steps: SampleStep[] }> {
  const ids = [BOS, ...vocab.encode(prefix)];
  const steps: SampleStep[] = [];
  while (ids.length <= NAME_LENGTH) {
    const input = tf.tensor2d([[...ids, ...new Array(NAME_LENGTH + 1 - ids.length).fill(PAD)]], [1, NAME_LENGTH + 1], "int32");
    const out = model.predict(input) as tf.Tensor3D;
    const row = tf.tidy(() => out.slice([0, ids.length - 1, 0], [1, 1, vocab.size]).reshape([vocab.size]));
    const p = withTemperature(await row.data(), temperature);
    tf.dispose([input, out, row]);
    p[PAD] = p[BOS] = 0; // never sampled; renormalised below
    const total = p.reduce((a, b) => a + b, 0);
    let r = random() * total;
    let next = EOS;
    for (let i = 0; i < p.length; i++) if ((r -= p[i]) <= 0) {
      next = i;
      break;
    }
    const top = [...p].map((probability, id) => ({ id, probability: probability / total })).sort((a, b) => b.probability - a.probability).slice(0, 5).map(({ id, probability }) => ({ char: id === EOS ? "⏎" : vocab.tokens[id], probability }));
    steps.push({ char: next === EOS ? "⏎" : vocab.tokens[next], probability: p[next] / total, top });
    if (next === EOS) break;
    ids.push(next);
    await yieldToPage(); // on WASM, data() settles at once: let the page breathe between steps
  }
  return { name: vocab.decode(ids), steps };
}
