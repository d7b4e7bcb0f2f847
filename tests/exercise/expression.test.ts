import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExpressionError, parseExpression, parseNumber } from "../../components/exercise/expression.js";

describe("parseNumber", () => {
  it("reads plain numbers, fractions, powers, percents and scientific notation", () => {
    assert.equal(parseNumber("0.25"), 0.25);
    assert.equal(parseNumber("1/4"), 0.25);
    assert.equal(parseNumber("0.5^20"), 0.5 ** 20);
    assert.equal(parseNumber("2^-3"), 0.125);
    assert.equal(parseNumber("15%"), 0.15);
    assert.equal(parseNumber("1.5e-4"), 1.5e-4);
    assert.equal(parseNumber("−3 × 2"), -6);
    assert.equal(parseNumber("-2^2"), -4);
    assert.ok(Math.abs(parseNumber("sqrt(2)") - Math.SQRT2) < 1e-15);
  });
  it("says what is wrong with bad input", () => {
    assert.throws(() => parseNumber(""), /空/);
    assert.throws(() => parseNumber("(1+2"), /缺少“\)”/);
    assert.throws(() => parseNumber("1+2)"), /多了一个“\)”/);
    assert.throws(() => parseNumber("3#"), /无法识别的字符“#”/);
    assert.throws(() => parseNumber("x+1"), (e: Error) => e instanceof ExpressionError && /不含变量/.test(e.message));
  });
});

describe("parseExpression", () => {
  it("evaluates formulas with implicit products", () => {
    const f = parseExpression("4h(d+h+1)", ["d", "h"]);
    assert.equal(f({ d: 3, h: 5 }), 4 * 5 * 9);
    assert.equal(parseExpression("2 d h", ["d", "h"])({ d: 3, h: 5 }), 30);
  });
  it("suggests a product for glued variable names", () => {
    assert.throws(() => parseExpression("dh", ["d", "h"]), /d\*h/);
  });
});
