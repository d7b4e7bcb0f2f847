// The exercise banks of 第1章 and 第2章: deterministic variants, answers that agree with
// independent formulas and with the chapter's data, and a correct code solution that passes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { CHART_COMPUTE, exercises as ch1 } from "../../components/exercise/bank/ch1-background.js";
import { exerciseRandom } from "../../components/exercise/random.js";
import type { ChoiceExercise, NumericExercise } from "../../components/exercise/types.js";

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
