// 5.3's exercise bank (components/exercise/bank/ch5-3-compression.ts): references agree with
// independent formulas, a correct solution passes the code exercise for every seed and the
// starter does not. (tests/exercise/bank.test.ts covers the chapter 3 banks the same way.)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exercises } from "../../components/exercise/bank/ch5-3-compression.js";
import { checkChoice } from "../../components/exercise/check.js";
import { runCodeExercise } from "../../components/exercise/code-runner.js";
import { exerciseRandom } from "../../components/exercise/random.js";
import type { ChoiceExercise, CodeExercise, NumericExercise, Params } from "../../components/exercise/types.js";

const seeds = [1, 2, 3, 12345, 987654321];
const paramsOf = (id: string, seed: number) => exercises[id].params(exerciseRandom(seed, id));

const solution = `function fakeQuant(x, bits) {
  const lo = Math.min(0, ...x);
  const hi = Math.max(0, ...x);
  const top = 2 ** bits - 1;
  const s = hi > lo ? (hi - lo) / top : 1;
  const z = Math.min(top, Math.max(0, Math.round(-lo / s)));
  return x.map((v) => s * (Math.min(top, Math.max(0, Math.round(v / s) + z)) - z));
}`;
// A common slip: the range is not widened to contain 0 (fails on the all-positive case).
const noZero = solution.replace("Math.min(0, ...x)", "Math.min(...x)").replace("Math.max(0, ...x)", "Math.max(...x)");

describe("ch5-3 exercises", () => {
  it("has at least three checked exercises, one of them code", () => {
    assert.ok(Object.keys(exercises).length >= 3);
    assert.ok(Object.values(exercises).some((e) => e.kind === "code"));
  });

  it("numeric references agree with independent formulas", async () => {
    for (const seed of seeds) {
      const lr = paramsOf("ch5-3-lowrank-params", seed) as { m: number; n: number; r: number };
      assert.equal(await (exercises["ch5-3-lowrank-params"] as NumericExercise<Params>).answer(lr), lr.m * lr.n - lr.r * (lr.m + lr.n));
      const q = paramsOf("ch5-3-quant-scale", seed) as { a: number; b: number; bits: number };
      const expected = Math.max(q.a, q.b) / (2 ** (q.bits - 1) - 1) / 2;
      assert.ok(Math.abs((await (exercises["ch5-3-quant-scale"] as NumericExercise<Params>).answer(q)) - expected) < 1e-12);
    }
  });

  it("the structured-pruning choice is the channel one", () => {
    const exercise = exercises["ch5-3-structured"] as ChoiceExercise<Params>;
    const params = paramsOf("ch5-3-structured", 1);
    assert.match(exercise.options(params)[exercise.correct(params)], /通道/);
    assert.equal(checkChoice(exercise, params, 0).ok, false);
  });

  it("fake-quant code: a correct solution passes for every seed; the starter and a no-zero version fail", async () => {
    const exercise = exercises["ch5-3-fake-quant"] as CodeExercise<Params>;
    for (const seed of seeds) {
      const params = paramsOf("ch5-3-fake-quant", seed);
      const cases = exercise.cases(exerciseRandom(seed, "ch5-3-fake-quant", "cases"), params);
      const right = await runCodeExercise(solution, exercise, params, cases);
      assert.equal(right.ok, true, `seed ${seed}: ${right.message}`);
      assert.equal((await runCodeExercise(exercise.starter(params), exercise, params, cases)).ok, false);
      assert.equal((await runCodeExercise(noZero, exercise, params, cases)).ok, false);
    }
  });

  it("act-quant: one activation saturated at c, rounded to the grid of c / (2^b − 1)", async () => {
    for (const seed of seeds) {
      const p = paramsOf("ch5-3-act-quant", seed) as { a: number; c: number; bits: number };
      const exercise = exercises["ch5-3-act-quant"] as NumericExercise<Params>;
      const levels = [...Array(2 ** p.bits).keys()].map((k) => (k * p.c) / (2 ** p.bits - 1));
      const nearest = levels.reduce((best, v) => (Math.abs(v - Math.min(p.a, p.c)) < Math.abs(best - Math.min(p.a, p.c)) ? v : best));
      assert.ok(Math.abs((await exercise.answer(p)) - nearest) < 1e-9, `seed ${seed}`);
    }
  });
});
