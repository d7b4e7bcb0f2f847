// 5.4's exercise bank: numeric answers agree with hand formulas (and not with the listed
// mistakes), the choice has a right answer, a plain Pareto solution passes the code
// exercise for several students and the starter fails.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exercises } from "../../../components/exercise/bank/ch5-4-finetune.js";
import { checkChoice } from "../../../components/exercise/check.js";
import { runCodeExercise } from "../../../components/exercise/code-runner.js";
import { exerciseRandom } from "../../../components/exercise/random.js";
import type { ChoiceExercise, CodeExercise, Params } from "../../../components/exercise/types.js";
import { checkBankSize, checkNumericAnswers, type Formula } from "../numeric-check.js";

const seeds = [1, 2, 3, 12345, 987654321];
const paramsOf = (id: string, seed: number) => exercises[id].params(exerciseRandom(seed, id));
const formulas: Record<string, Formula> = {
  "ch5-4-frozen-params": ({ d, k }) => 1600 * d + d + d * k + k,
  "ch5-4-lora-size": ({ m, n, r }) => r * m + r * n
};

describe("ch5-4 exercise bank", () => {
  it("has at least three checked exercises, one of them code, with varied parameters", () => {
    checkBankSize(exercises);
    for (const id of Object.keys(formulas)) assert.ok(new Set(seeds.map((s) => JSON.stringify(paramsOf(id, s)))).size >= 3, id);
  });
  it("numeric answers match hand formulas; no listed mistake equals the answer", async () => {
    await checkNumericAnswers(exercises, formulas, { seeds, close: { abs: 0, rel: 0 } });
  });
  it("the choice has a right answer", () => {
    const exercise = exercises["ch5-4-tune-first"] as ChoiceExercise<Params>;
    const params = paramsOf("ch5-4-tune-first", 3);
    assert.equal(checkChoice(exercise, params, 0).ok, true);
    assert.equal(checkChoice(exercise, params, 2).ok, false);
  });
  it("a plain Pareto solution passes for every seed and the starter fails", async () => {
    const exercise = exercises["ch5-4-pareto"] as CodeExercise<Params>;
    const solution = `function paretoMask(acc, params, lat) {
  return acc.map((a, i) => acc.some((b, j) => b >= a && params[j] <= params[i] && lat[j] <= lat[i] && (b > a || params[j] < params[i] || lat[j] < lat[i])) ? 0 : 1);
}`;
    for (const seed of seeds) {
      const params = paramsOf("ch5-4-pareto", seed);
      const cases = exercise.cases(exerciseRandom(seed, "ch5-4-pareto", "cases"), params);
      const right = await runCodeExercise(solution, exercise, params, cases);
      assert.equal(right.ok, true, `seed ${seed}: ${right.message}`);
      assert.equal((await runCodeExercise(exercise.starter(params), exercise, params, cases)).ok, false, `seed ${seed}: starter passes`);
    }
  });
});
