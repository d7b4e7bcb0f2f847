// 5.1's exercise bank: answers agree with formulas written here independently (the bubble's m is
// checked against the inequality itself), no listed mistake equals the answer, and a correct
// averageGradients passes every seed's hidden tests while the starter and a sum fail.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exercises } from "../../../components/exercise/bank/ch5-1-parallel.js";
import { runCodeExercise } from "../../../components/exercise/code-runner.js";
import { exerciseRandom } from "../../../components/exercise/random.js";
import type { CodeExercise, Params } from "../../../components/exercise/types.js";
import { checkBankSize, checkNumericAnswers, seedsBelow, type Formula } from "../numeric-check.js";

const seeds = [1, 2, 3, 12345, 987654321];
const paramsOf = (id: string, seed: number) => exercises[id].params(exerciseRandom(seed, id));

const formulas: Record<string, Formula> = {
  "ch5-1-ring-bytes": ({ k, millions }) => (2 * (k - 1) * millions * 4) / k,
  "ch5-1-bubble": ({ p, percent }) => {
    for (let m = 1; ; m++) if ((p - 1) / (m + p - 1) <= percent / 100 + 1e-12) return m;
  },
  "ch5-1-shards": ({ a, b }) => a / (a + b)
};

describe("ch5-1 exercises", () => {
  it("has at least three checked exercises, one of them code", () => {
    checkBankSize(exercises);
  });

  it("numeric answers match independent formulas and no mistake equals the answer", async () => {
    await checkNumericAnswers(exercises, formulas, { seeds: seedsBelow(80) });
  });

  it("a correct averageGradients passes for every seed; the starter and a plain sum fail", async () => {
    const id = "ch5-1-average-code";
    const exercise = exercises[id] as CodeExercise<Params>;
    const solution = `function averageGradients(grads) {
  const out = new Array(grads[0].length).fill(0);
  for (const g of grads) for (let i = 0; i < out.length; i++) out[i] += g[i];
  return out.map((v) => v / grads.length);
}`;
    for (const seed of seeds) {
      const params = paramsOf(id, seed);
      const cases = exercise.cases(exerciseRandom(seed, id, "cases"), params);
      const right = await runCodeExercise(solution, exercise, params, cases);
      assert.equal(right.ok, true, `seed ${seed}: ${right.message}`);
      assert.equal((await runCodeExercise(exercise.starter(params), exercise, params, cases)).ok, false);
      assert.equal((await runCodeExercise(solution.replace("v / grads.length", "v"), exercise, params, cases)).ok, false);
    }
  });
});
