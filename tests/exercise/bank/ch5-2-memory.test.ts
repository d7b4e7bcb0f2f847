// 5.2's exercise bank: answers agree with formulas written here independently, no listed
// mistake equals the answer, the FP16 values are the known ones, a correct toFp16 passes
// every seed's hidden tests while the starter and a round-half-up version fail.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exercises } from "../../../components/exercise/bank/ch5-2-memory.js";
import { checkChoice } from "../../../components/exercise/check.js";
import { runCodeExercise } from "../../../components/exercise/code-runner.js";
import { exerciseRandom } from "../../../components/exercise/random.js";
import type { ChoiceExercise, CodeExercise, Params } from "../../../components/exercise/types.js";
import { checkBankSize, checkNumericAnswers, seedsBelow, type Formula } from "../numeric-check.js";

const seeds = [1, 2, 3, 12345, 987654321];
const paramsOf = (id: string, seed: number) => exercises[id].params(exerciseRandom(seed, id));
const KNOWN_FP16: Record<string, number> = { "0.1": 0.0999755859375, "2049": 2048, "4097": 4096, "1e-7": 1.1920928955078125e-7, "65000": 64992 };

const formulas: Record<string, Formula> = {
  "ch5-2-adam-bytes": ({ billions }) => 16 * billions,
  "ch5-2-zero": ({ billions: b, stage, gpus: n }) => [0, 4 * b + (12 * b) / n, 2 * b + (14 * b) / n, (16 * b) / n][stage],
  "ch5-2-fp16-value": ({ x }) => KNOWN_FP16[String(x)] ?? null
};

describe("ch5-2 exercises", () => {
  it("has at least three checked exercises, one of them code", () => {
    checkBankSize(exercises);
  });

  it("numeric answers match independent formulas and no mistake equals the answer", async () => {
    await checkNumericAnswers(exercises, formulas, { seeds: seedsBelow(60) });
  });

  it("the choice's right answer is accepted", () => {
    const exercise = exercises["ch5-2-half-claim"] as ChoiceExercise<Params>;
    assert.equal(checkChoice(exercise, {}, exercise.correct({})).ok, true);
    assert.equal(checkChoice(exercise, {}, 1).ok, false);
  });

  it("a correct toFp16 passes for every seed; the starter and round-half-up fail", async () => {
    const id = "ch5-2-fp16-code";
    const exercise = exercises[id] as CodeExercise<Params>;
    const solution = `function toFp16(x) {
  if (x === 0) return x;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  if (2 ** (e + 1) <= a) e += 1;
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const v = a / ulp, low = Math.floor(v);
  const up = v - low > 0.5 || (v - low === 0.5 && low % 2 === 1);
  return Math.sign(x) * (up ? low + 1 : low) * ulp;
}`;
    for (const seed of seeds) {
      const params = paramsOf(id, seed);
      const cases = exercise.cases(exerciseRandom(seed, id, "cases"), params);
      const right = await runCodeExercise(solution, exercise, params, cases);
      assert.equal(right.ok, true, `seed ${seed}: ${right.message}`);
      assert.equal((await runCodeExercise(exercise.starter(params), exercise, params, cases)).ok, false);
      const halfUp = solution.replace("(v - low === 0.5 && low % 2 === 1)", "v - low === 0.5");
      assert.equal((await runCodeExercise(halfUp, exercise, params, cases)).ok, false, `seed ${seed}: round-half-up passes`);
    }
  });
});
