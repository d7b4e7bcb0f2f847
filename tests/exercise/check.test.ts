import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkChoice, checkExpression, checkNumeric, describeNumericMiss } from "../../components/exercise/check.js";
import type { ChoiceExercise, ExpressionExercise, NumericExercise } from "../../components/exercise/types.js";

const numeric: NumericExercise<{ a: number }> = {
  kind: "numeric",
  params: () => ({ a: 2 }),
  answer: ({ a }) => a / 3,
  tolerance: { rel: 1e-3 },
  mistakes: [{ value: ({ a }) => a * 3, message: "乘反了" }]
};

describe("checkNumeric", () => {
  it("accepts the answer within tolerance, typed in several ways", async () => {
    for (const text of ["0.6667", "2/3", "0.66667", " 6.667e-1 "]) assert.equal((await checkNumeric(numeric, { a: 2 }, text)).ok, true, text);
  });
  it("rejects wrong answers with specific messages", async () => {
    assert.equal((await checkNumeric(numeric, { a: 2 }, "0.67")).ok, false); // 0.5% off
    assert.match((await checkNumeric(numeric, { a: 2 }, "0.67")).message, /很接近/);
    assert.equal((await checkNumeric(numeric, { a: 2 }, "6")).message, "乘反了");
    assert.match((await checkNumeric(numeric, { a: 2 }, "-2/3")).message, /符号反了/);
    assert.match((await checkNumeric(numeric, { a: 2 }, "66.67")).message, /10\^2 倍/);
    assert.match((await checkNumeric(numeric, { a: 2 }, "abc")).message, /不认识/);
    assert.match((await checkNumeric(numeric, { a: 2 }, "1/0")).message, /除以了 0/);
  });
  it("tells too large from too small", () => {
    assert.match(describeNumericMiss(5, 2), /大/);
    assert.match(describeNumericMiss(1, 2), /小/);
  });
});

describe("checkChoice", () => {
  const choice: ChoiceExercise = { kind: "choice", params: () => ({}), options: () => ["甲", "乙", "丙"], correct: () => 1, whyWrong: () => ({ 0: "甲不对的原因" }) };
  it("accepts the right option and explains a wrong one", () => {
    assert.equal(checkChoice(choice, {}, 1).ok, true);
    assert.deepEqual(checkChoice(choice, {}, 0), { ok: false, message: "不对：甲不对的原因" });
    assert.match(checkChoice(choice, {}, 2).message, /“丙”不对/);
    assert.match(checkChoice(choice, {}, null).message, /还没有选择/);
  });
});

describe("checkExpression", () => {
  const expression: ExpressionExercise = {
    kind: "expression",
    params: () => ({}),
    variables: ["d", "h"],
    answer: ({ d, h }) => 4 * (h * (d + h) + h),
    mistakes: [{ value: ({ d, h }) => 4 * h * (d + h), message: "少了偏置" }]
  };
  it("accepts equivalent forms", () => {
    for (const text of ["4(h(d+h)+h)", "4h(d+h+1)", "4*d*h + 4*h^2 + 4*h"]) assert.equal(checkExpression(expression, {}, text).ok, true, text);
  });
  it("rejects wrong formulas, naming a known mistake or the point where they differ", () => {
    assert.equal(checkExpression(expression, {}, "4h(d+h)").message, "少了偏置");
    const other = checkExpression(expression, {}, "3h(d+h+1)");
    assert.equal(other.ok, false);
    assert.match(other.message, /代入 d = \d+、h = \d+ 时，你的式子等于/);
    assert.match(checkExpression(expression, {}, "4x").message, /可用的变量：d、h/);
  });
});
