// Every exercise bank of the book: variants are deterministic per seed and differ across
// seeds; references agree with independent formulas; a correct solution passes every
// code exercise's hidden tests and the starter code does not; no tensor is leaked.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { exercises as ch31 } from "../../components/exercise/bank/ch3-1-nn-basics.js";
import { exercises as ch33 } from "../../components/exercise/bank/ch3-3-rnn.js";
import { exercises as ch34 } from "../../components/exercise/bank/ch3-4-attention.js";
import { exercises as ch35 } from "../../components/exercise/bank/ch3-5-transformer.js";
import { exercises as ch36 } from "../../components/exercise/bank/ch3-6-bert.js";
import { checkChoice, checkExpression } from "../../components/exercise/check.js";
import { runCodeExercise } from "../../components/exercise/code-runner.js";
import { exerciseRandom } from "../../components/exercise/random.js";
import type { CodeExercise, Exercise, Params } from "../../components/exercise/types.js";
import { checkNumericAnswers } from "./numeric-check.js";

// Pages added since keep their bank in components/exercise/bank/<page>.ts and their
// independent answers in tests/exercise/answers/<page>.ts ({formulas, solutions}): found here
// by listing the folders, so a new page needs no edit of this file.
const here = dirname(fileURLToPath(import.meta.url));
const bankFolder = join(here, "..", "..", "components", "exercise", "bank");
const listed = ["ch3-1-nn-basics", "ch3-3-rnn", "ch3-4-attention", "ch3-5-transformer", "ch3-6-bert"];
const discovered = readdirSync(bankFolder)
  .filter((f) => f.endsWith(".ts") && f !== "tensor-reference.ts")
  .map((f) => f.slice(0, -3))
  .filter((page) => !listed.includes(page));
const extraBanks = await Promise.all(discovered.map(async (page) => ((await import(join(bankFolder, `${page}.ts`))) as { exercises: Record<string, Exercise> }).exercises));
const extraAnswers = await Promise.all(
  discovered.map(async (page) => {
    const file = join(here, "answers", `${page}.ts`);
    return existsSync(file) ? ((await import(file)) as { formulas?: Record<string, (p: any) => number>; solutions?: Record<string, (p: Params) => string> }) : {};
  })
);
/** Pages whose helper wrote their own bank test (tests/exercise/**) instead of an answers file. */
const ownTests = discovered.filter((page, i) => !existsSync(join(here, "answers", `${page}.ts`)) && Object.keys(extraBanks[i]).length);
const pageOf = new Map(discovered.flatMap((page, i) => Object.keys(extraBanks[i]).map((id) => [id, page] as const)));
const checkedElsewhere = (id: string) => ownTests.includes(pageOf.get(id) ?? "");
const banks: Record<string, Exercise> = Object.assign({ ...ch31, ...ch33, ...ch34, ...ch35, ...ch36 }, ...extraBanks);
const seeds = [1, 2, 3, 12345, 987654321];
const paramsOf = (id: string, seed: number) => banks[id].params(exerciseRandom(seed, id));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmax = (z: number[]) => {
  const e = z.map((x) => Math.exp(x - Math.max(...z)));
  return e.map((x) => x / e.reduce((a, b) => a + b, 0));
};

describe("exercise banks", () => {
  it("every page has at least three checked exercises; 3.1–3.6 and chapters 4–6 one of them a code exercise", () => {
    const pages = [...listed, ...discovered];
    [ch31, ch33, ch34, ch35, ch36, ...extraBanks].forEach((bank, i) => {
      assert.ok(Object.keys(bank).length >= 3, pages[i]);
      if (/^ch[3-6]-/.test(pages[i])) assert.ok(Object.values(bank).some((e) => e.kind === "code"), `${pages[i]}: a code exercise`);
    });
  });
  it("draws the same variant for the same seed and different variants across seeds", async () => {
    for (const [id, exercise] of Object.entries(banks)) {
      assert.deepEqual(paramsOf(id, 7), paramsOf(id, 7), id);
      if (exercise.kind === "code") {
        const cases = (seed: number) => exercise.cases(exerciseRandom(seed, id, "cases"), paramsOf(id, seed));
        assert.deepEqual(cases(7), cases(7), id);
        assert.notDeepEqual(cases(7), cases(8), id);
      } else if (Object.keys(paramsOf(id, 1)).length) {
        const variants = new Set(seeds.map((seed) => JSON.stringify(paramsOf(id, seed))));
        assert.ok(variants.size >= (exercise.kind === "choice" ? 2 : 3), `${id}: ${[...variants]}`);
      }
    }
  });
});

// Independent formulas for the numeric answers (the banks use the book's components).
const formulas: Record<string, (p: any) => number> = Object.assign(<Record<string, (p: any) => number>>{
  "ch3-1-cross-entropy": ({ z, k }) => -Math.log(softmax(z)[k]),
  "ch3-1-ce-gradient": ({ z, k, j }) => softmax(z)[j] - (j === k ? 1 : 0),
  "ch3-3-vanishing": ({ a, T }) => a ** T,
  "ch3-3-gru-params": ({ d, h }) => 3 * h * (d + h + 1),
  "ch3-4-weight": ({ s, k }) => softmax(s)[k],
  "ch3-5-pe": ({ d, pos, j }) => (j % 2 ? Math.cos : Math.sin)(pos / 10000 ** ((j - (j % 2)) / d)),
  "ch3-5-encoder-params": ({ d, ffn }) => 4 * d * d + 2 * d * ffn + ffn + d + 4 * d,
  "ch3-6-mask-count": ({ n, rate }) => (n * rate * 8) / 1000,
  "ch3-6-other-count": ({ n }) => (n * 15) / 1000
}, ...extraAnswers.map((a) => a.formulas ?? {}));

describe("numeric answers", () => {
  it("match an independent formula for every seed", async () => {
    const before = tf.memory().numTensors;
    await checkNumericAnswers(banks, formulas, { seeds, close: { abs: 1e-5, rel: 1e-5 }, skip: (id) => !formulas[id] && checkedElsewhere(id) });
    assert.equal(tf.memory().numTensors, before);
  });
  it("choice and expression exercises have a valid right answer", () => {
    for (const [id, exercise] of Object.entries(banks)) {
      const params = paramsOf(id, 3);
      if (exercise.kind === "choice") assert.equal(checkChoice(exercise, params, exercise.correct(params)).ok, true, id);
    }
    assert.equal(checkExpression(ch33["ch3-3-lstm-params"] as any, {}, "4h(d+h+1)").ok, true);
  });
});

// Plain solutions, written here independently of the references.
const solutions: Record<string, (p: Params) => string> = Object.assign(<Record<string, (p: Params) => string>>{
  "ch3-1-softmax": () => `function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}`,
  "ch3-3-lstm-step": () => `function lstmStep(x, h, c, W, U, b) {
  const u = h.length;
  const sig = (v) => 1 / (1 + Math.exp(-v));
  const z = b.map((bk, k) => bk + x.reduce((s, xi, i) => s + xi * W[i][k], 0) + h.reduce((s, hi, i) => s + hi * U[i][k], 0));
  const gate = (g) => z.slice(g * u, (g + 1) * u);
  const [i, f, g, o] = [gate(0).map(sig), gate(1).map(sig), gate(2).map(Math.tanh), gate(3).map(sig)];
  const cNext = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
  return [cNext.map((cj, j) => o[j] * Math.tanh(cj)), cNext];
}`,
  "ch3-4-pool-weights": () => `function poolingWeights(q, keys, mask) {
  const s = keys.map((k, t) => (mask[t] ? k.reduce((a, kj, j) => a + kj * q[j], 0) / Math.sqrt(q.length) : -Infinity));
  const m = Math.max(...s);
  const e = s.map((x) => (x === -Infinity ? 0 : Math.exp(x - m)));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}`,
  "ch3-5-attention": ({ mask }) => `function attention(Q, K, V) {
  const causal = ${String(mask).includes("因果")};
  return Q.map((q, i) => {
    const s = K.map((k, j) => (causal && j > i ? -Infinity : k.reduce((a, kj, c) => a + kj * q[c], 0) / Math.sqrt(q.length)));
    const m = Math.max(...s);
    const e = s.map((x) => Math.exp(x - m));
    const sum = e.reduce((a, b) => a + b, 0);
    return V[0].map((_, c) => e.reduce((a, w, j) => a + (w / sum) * V[j][c], 0));
  });
}`,
  "ch3-6-masking-counts": () => `function countMasking(original, corrupted, targets) {
  const n = [0, 0, 0, 0, 0];
  original.forEach((row, r) => row.forEach((id, i) => {
    if (id === 0) return;
    n[0]++;
    if (!targets[r][i]) return;
    n[1]++;
    const seen = corrupted[r][i];
    n[seen === 1 ? 2 : seen === id ? 4 : 3]++;
  }));
  return n;
}`
}, ...extraAnswers.map((a) => a.solutions ?? {}));

describe("code exercises", () => {
  for (const [id, exercise] of Object.entries(banks).filter((e): e is [string, CodeExercise<Params>] => e[1].kind === "code")) {
    it(`${id}: a correct solution passes for every seed, the starter fails`, async () => {
      if (!solutions[id] && checkedElsewhere(id)) return;
      assert.ok(solutions[id], `no solution for ${id}`);
      const before = tf.memory().numTensors;
      for (const seed of seeds) {
        const params = paramsOf(id, seed);
        const cases = exercise.cases(exerciseRandom(seed, id, "cases"), params);
        const right = await runCodeExercise(solutions[id](params), exercise, params, cases);
        assert.equal(right.ok, true, `${id} seed ${seed}: ${right.message}`);
        const starter = await runCodeExercise(exercise.starter(params), exercise, params, cases);
        assert.equal(starter.ok, false, `${id}: the starter code passes`);
      }
      assert.equal(tf.memory().numTensors, before);
    });
  }
  it("the naive softmax overflows on large inputs and is told so", async () => {
    const exercise = ch31["ch3-1-softmax"] as CodeExercise<Params>;
    const params = paramsOf("ch3-1-softmax", 1);
    const cases = exercise.cases(exerciseRandom(1, "ch3-1-softmax", "cases"), params);
    const naive = await runCodeExercise("function softmax(z) { const e = z.map(Math.exp); const s = e.reduce((a, b) => a + b); return e.map((x) => x / s); }", exercise, params, cases);
    assert.equal(naive.reason, "nan");
    assert.match(naive.message, /第 4\/5 组测试.*溢出/);
  });
  it("sigmoid helper sanity (used by the LSTM solution)", () => assert.equal(sigmoid(0), 0.5));
});

export type { Exercise };
