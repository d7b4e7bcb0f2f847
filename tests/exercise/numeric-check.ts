// The check every exercise bank's test makes of its numeric exercises: for each seed, the
// answer agrees with a formula written independently in the test, and no listed mistake
// equals the answer (a reader who made that mistake would be told they were right).
import assert from "node:assert/strict";
import { withinTolerance } from "../../components/exercise/check.js";
import { exerciseRandom } from "../../components/exercise/random.js";
import type { Exercise, NumericExercise, Params } from "../../components/exercise/types.js";

/** The answer worked out independently; null where no independent value is known for these
 * parameters (then only the mistakes are checked). */
export type Formula = (params: any) => number | null;

export interface NumericCheck {
  seeds: Iterable<number>;
  /** How close answer and formula must be (default: equal to 1e-9). */
  close?: { abs: number; rel: number };
  /** Numeric exercises checked by another test (they need no formula here). */
  skip?: (id: string) => boolean;
}

/** Every numeric exercise of `exercises` (but the skipped) needs a formula. */
export async function checkNumericAnswers(exercises: Record<string, Exercise>, formulas: Record<string, Formula>, { seeds, close = { abs: 1e-9, rel: 1e-9 }, skip = () => false }: NumericCheck): Promise<void> {
  for (const [id, exercise] of Object.entries(exercises)) {
    if (exercise.kind !== "numeric" || skip(id)) continue;
    const formula = formulas[id];
    assert.ok(formula, `no formula for ${id}`);
    const numeric = exercise as NumericExercise<Params>;
    for (const seed of seeds) {
      const params = numeric.params(exerciseRandom(seed, id));
      const answer = await numeric.answer(params);
      const expected = formula(params);
      if (expected !== null) assert.ok(withinTolerance(answer, expected, close), `${id} seed ${seed} ${JSON.stringify(params)}: ${answer} vs ${expected}`);
      for (const mistake of numeric.mistakes ?? []) assert.ok(!withinTolerance(mistake.value(params), answer, numeric.tolerance), `${id} seed ${seed} ${JSON.stringify(params)}: a listed mistake equals the answer (${mistake.message})`);
    }
  }
}

/** Every page needs at least three checked exercises, one of them a code exercise. */
export function checkBankSize(exercises: Record<string, Exercise>): void {
  assert.ok(Object.keys(exercises).length >= 3, "at least three checked exercises");
  assert.ok(Object.values(exercises).some((e) => e.kind === "code"), "one of them code");
}

/** Seeds 1, 2, …, n - 1. */
export const seedsBelow = (n: number) => Array.from({ length: n - 1 }, (_, i) => i + 1);
