// One answer of one student, checked against that student's own variant: what the page does
// on "检查", and what a teacher's page can redo from a progress file (its seed and each
// record's last answer) without the student's browser.
import { checkChoice, checkExpression, checkNumeric } from "./check.js";
import { runCodeExercise, type FailureReason, type RunOptions } from "./code-runner.js";
import { exerciseRandom } from "./random.js";
import type { Exercise, Params, Verdict } from "./types.js";

export function variantOf(exercise: Exercise, studentSeed: number, id: string): Params {
  return exercise.params(exerciseRandom(studentSeed, id));
}

export async function checkAnswer(exercise: Exercise, id: string, studentSeed: number, answer: string, options: RunOptions = {}): Promise<Verdict & { reason?: FailureReason }> {
  const params = variantOf(exercise, studentSeed, id);
  switch (exercise.kind) {
    case "numeric":
      return checkNumeric(exercise, params, answer);
    case "choice":
      return checkChoice(exercise, params, answer === "" ? null : Number(answer));
    case "expression":
      return checkExpression(exercise, params, answer, studentSeed, id);
    case "code":
      return runCodeExercise(answer, exercise, params, exercise.cases(exerciseRandom(studentSeed, id, "cases"), params), options);
  }
}
