// The exercise banks of 第1章 and 第2章: deterministic variants, answers that agree with
// independent formulas and with the chapter's data, and a correct code solution that passes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { CHART_COMPUTE, exercises as ch1 } from "../../components/exercise/bank/ch1-background.js";
import { exerciseRandom } from "../../components/exercise/random.js";
import type { ChoiceExercise, CodeExercise, NumericExercise } from "../../components/exercise/types.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const seeds = [1, 2, 3, 12345, 987654321];

describe("第1章 exercises", () => {
  it("has three checked exercises with seeded variants", () => {
    assert.ok(Object.keys(ch1).length >= 3);
    for (const [id, exercise] of Object.entries(ch1)) assert.deepEqual(exercise.params(exerciseRandom(7, id)), exercise.params(exerciseRandom(7, id)), id);
    const variants = new Set(seeds.map((s) => JSON.stringify(ch1["ch1-doubling"].params(exerciseRandom(s, "ch1-doubling")))));
    assert.ok(variants.size >= 3);
  });
  it("computes the doubling time as 12·years / log2(factor)", async () => {
    const exercise = ch1["ch1-doubling"] as NumericExercise<{ factor: number; years: number }>;
    for (const seed of seeds) {
      const p = exercise.params(exerciseRandom(seed, "ch1-doubling"));
      const answer = await exercise.answer(p);
      assert.ok(Math.abs(answer - (12 * p.years) / Math.log2(p.factor)) < 1e-9);
    }
  });
  it("reads orders of magnitude from the same figures as data/landmark-models.json", async () => {
    const models = JSON.parse(readFileSync(join(root, "data", "landmark-models.json"), "utf8")).models as { name: string; year: number; trainingCompute: number }[];
    for (const [name, { year, flop }] of Object.entries(CHART_COMPUTE)) {
      const model = models.find((m) => m.name === name);
      assert.ok(model, name);
      assert.equal(model.trainingCompute, flop, name);
      assert.equal(model.year, year, name);
    }
    const exercise = ch1["ch1-orders"] as NumericExercise<{ small: string; large: string }>;
    for (const seed of seeds) {
      const p = exercise.params(exerciseRandom(seed, "ch1-orders"));
      const answer = await exercise.answer(p);
      assert.ok(answer > 0, `${p.small} → ${p.large}`);
    }
    assert.ok(Math.abs((await exercise.answer({ small: "AlexNet", large: "GPT-3" })) - 5.82) < 0.01);
  });
  it("names AlexNet's three authors as the right option", () => {
    const exercise = ch1["ch1-alexnet"] as ChoiceExercise;
    assert.match(exercise.options({})[exercise.correct({})], /Krizhevsky、Sutskever 与 Hinton/);
  });
});

describe("第2章 exercises", async () => {
  const { exercises: ch2 } = await import("../../components/exercise/bank/ch2-concepts.js");
  const { runCodeExercise } = await import("../../components/exercise/code-runner.js");
  it("has ≥3 checked exercises, one of them code", () => {
    assert.ok(Object.keys(ch2).length >= 3);
    assert.ok(Object.values(ch2).some((e) => e.kind === "code"));
  });
  it("answers agree with independent formulas", async () => {
    const conv = ch2["ch2-conv-params"] as NumericExercise<{ cin: number; cout: number; k: number }>;
    const layer = ch2["ch2-layer-params"] as NumericExercise<{ d: number }>;
    for (const seed of seeds) {
      const p = conv.params(exerciseRandom(seed, "ch2-conv-params"));
      assert.equal(await conv.answer(p), p.cout * p.cin * p.k * p.k + p.cout);
      const { d } = layer.params(exerciseRandom(seed, "ch2-layer-params"));
      assert.equal(await layer.answer({ d }), 12 * d * d + 13 * d);
    }
  });
  it("accepts a correct Q-learning update and rejects the starter", async () => {
    const exercise = ch2["ch2-q-update"];
    const solution = `function qUpdate(q, t, alpha, gamma) {
  const [s, a, r, next, done] = t;
  const target = r + (done ? 0 : gamma * Math.max(...q[next]));
  q[s][a] += alpha * (target - q[s][a]);
  return q;
}`;
    for (const seed of seeds) {
      const code = exercise as CodeExercise<{ states: number }>;
      const params = code.params(exerciseRandom(seed, "ch2-q-update"));
      const cases = code.cases(exerciseRandom(seed, "ch2-q-update", "cases"), params);
      const right = await runCodeExercise(solution, code, params, cases);
      assert.equal(right.ok, true, right.message);
      assert.equal((await runCodeExercise(code.starter(params), code, params, cases)).ok, false);
    }
  });
});
