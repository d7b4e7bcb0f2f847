// Checks the answers of the numeric, multiple-choice and short-expression kinds against a
// student's own variant, with a message that says what is wrong (not only "错误").
import { ExpressionError, parseExpression, parseNumber } from "./expression.js";
import { exerciseRandom, randomInt } from "./random.js";
import type { ChoiceExercise, ExpressionExercise, NumericExercise, Params, Verdict } from "./types.js";

export function withinTolerance(given: number, expected: number, { abs = 1e-9, rel = 1e-3 }: { abs?: number; rel?: number } = {}): boolean {
  const error = Math.abs(given - expected);
  return error <= abs || error <= rel * Math.abs(expected);
}

export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}

export async function checkNumeric<P extends Params>(exercise: NumericExercise<P>, params: P, text: string): Promise<Verdict> {
  let given: number;
  try {
    given = parseNumber(text);
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: `${error.message} 例如 0.25、1/4、2^-3 或 1.5e-4。` };
    throw error;
  }
  if (!Number.isFinite(given)) return { ok: false, message: `你的答案算出来是 ${given}，不是一个有限的数：检查是否除以了 0。` };
  const expected = await exercise.answer(params);
  const tolerance = exercise.tolerance;
  if (withinTolerance(given, expected, tolerance)) return { ok: true, message: `正确！${formatNumber(given)} 与答案一致。` };
  for (const mistake of exercise.mistakes ?? []) {
    if (withinTolerance(given, mistake.value(params), tolerance)) return { ok: false, message: mistake.message };
  }
  return { ok: false, message: describeNumericMiss(given, expected, tolerance) };
}

/** A generic diagnosis: sign, order of magnitude, close but outside tolerance, too big or small. */
export function describeNumericMiss(given: number, expected: number, tolerance: { abs?: number; rel?: number } = {}): string {
  const shown = formatNumber(given);
  if (expected !== 0 && withinTolerance(-given, expected, tolerance)) return `${shown} 的符号反了。`;
  if (expected !== 0 && given !== 0 && Math.sign(given) === Math.sign(expected)) {
    const ratio = Math.log10(Math.abs(given / expected));
    const rounded = Math.round(ratio);
    if (rounded !== 0 && Math.abs(ratio - rounded) < 0.01) return `${shown} 与答案差了 10^${Math.abs(rounded)} 倍：检查小数点、单位或百分数。`;
    if (Math.abs(given / expected - 1) < 0.05) {
      const rel = tolerance.rel ?? 1e-3;
      return `${shown} 很接近了，但超出了允许的误差（相对误差 ${formatNumber(rel)}）：中间结果多保留几位小数再算一遍。`;
    }
  }
  return `${shown} 不对：它比本题的答案${given > expected ? "大" : "小"}。对照题目里你自己的数字再检查一遍。`;
}

export function checkChoice<P extends Params>(exercise: ChoiceExercise<P>, params: P, chosen: number | null): Verdict {
  const options = exercise.options(params);
  if (chosen === null || !(chosen >= 0 && chosen < options.length)) return { ok: false, message: "还没有选择任何选项。" };
  if (chosen === exercise.correct(params)) return { ok: true, message: "正确！" };
  const why = exercise.whyWrong?.(params)[chosen];
  return { ok: false, message: why ? `不对：${why}` : `“${options[chosen]}”不对，再想想。` };
}

/** Compares the reader's formula with the answer at a few integer points of the
 * variables (drawn from a fixed stream, so a verdict does not change between tries). */
export function checkExpression<P extends Params>(exercise: ExpressionExercise<P>, params: P, text: string, studentSeed = 0, id = "expr"): Verdict {
  let given;
  try {
    given = parseExpression(text, exercise.variables);
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: error.message };
    throw error;
  }
  const random = exerciseRandom(studentSeed, id, "points");
  for (let i = 0; i < 6; ++i) {
    const vars = Object.fromEntries(exercise.variables.map((name) => [name, randomInt(random, 2, 40)]));
    const value = given(vars);
    const expected = exercise.answer(vars, params);
    if (withinTolerance(value, expected, { abs: 1e-9, rel: 1e-9 })) continue;
    const at = exercise.variables.map((name) => `${name} = ${vars[name]}`).join("、");
    const known = exercise.mistakes?.find((m) => withinTolerance(value, m.value(vars), { rel: 1e-9 }));
    if (known) return { ok: false, message: known.message };
    return { ok: false, message: `式子不对：代入 ${at} 时，你的式子等于 ${formatNumber(value)}，与正确结果不同。` };
  }
  return { ok: true, message: "正确！你的式子与答案在多组取值下都相等。" };
}
