import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { buildGraph, MAX_NODES, nonFiniteNode, parseExpression, tfGradients, type Expression } from "../../components/autodiff/expression.js";

before(async () => {
  await tf.setBackend("cpu");
});

const parsed = (text: string): Expression => {
  const result = parseExpression(text);
  if ("error" in result) assert.fail(`${text}: ${result.error}`);
  return result;
};
const errorOf = (text: string): string => {
  const result = parseExpression(text);
  assert.ok("error" in result, `${text} should be rejected`);
  return result.error;
};

describe("parseExpression + buildGraph (micrograd) vs tf.grads", () => {
  const cases = [
    "x1 = 2, x2 = 0, w1 = -3, w2 = 1, b = 6.8814; tanh(x1*w1 + x2*w2 + b)",
    "a = 3; a*a + exp(a) - a^3 + relu(a)",
    "z1 = 2, z2 = 1, z3 = -1; log(exp(z1) + exp(z2) + exp(z3)) - z2",
    "x = 0.7, y = -1.3; sigmoid(x*y) / (1 + x^2) - -y",
    "p = 0.25，q = 4; -log(p) * q / (p + q)^-2",
    "u = -0.5; relu(u) + tanh(u)^2"
  ];
  for (const text of cases) {
    it(`same value and gradients: ${text}`, async () => {
      const expression = parsed(text);
      const { root, inputs } = buildGraph(expression);
      root.backward();
      const start = tf.memory().numTensors;
      const reference = await tfGradients(expression);
      assert.equal(tf.memory().numTensors, start, "no tensor leaked");
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
      assert.ok(close(root.data, reference.value), `value ${root.data} vs ${reference.value}`);
      for (const [name, node] of inputs) assert.ok(close(node.grad, reference.grads.get(name)!), `${name}: ${node.grad} vs ${reference.grads.get(name)}`);
    });
  }

  it("keeps precedence: unary minus, ^ above *, left-associative − and /", () => {
    const value = (text: string) => buildGraph(parsed(text)).root.data;
    assert.equal(value("x = 2; -x^2"), -4);
    assert.equal(value("x = 2; 1 - x - 3"), -4);
    assert.equal(value("x = 8; x / 2 / 2"), 2);
    assert.equal(value("x = 2; 2 + 3 * x^2"), 14);
    assert.equal(value("; 1.5e1 + .5"), 15.5);
  });

  it("a variable used twice is one node whose gradient adds both paths", () => {
    const { root, inputs } = buildGraph(parsed("a = 3, b = 1; a*b + a"));
    root.backward();
    assert.equal(inputs.get("a")!.grad, 2);
    assert.equal(inputs.get("b")!.grad, 3);
  });

  it("an assigned but unused variable gets gradient 0 from both", async () => {
    const expression = parsed("a = 3, unused = 5; a*a");
    const { root, inputs } = buildGraph(expression);
    root.backward();
    assert.equal(inputs.get("unused")!.grad, 0);
    assert.equal((await tfGradients(expression)).grads.get("unused"), 0);
  });
});

describe("parseExpression's messages", () => {
  it("say what is wrong and where, in Chinese", () => {
    assert.match(errorOf(""), /分号后面还没有式子/);
    assert.match(errorOf("x = 1; "), /还没有式子/);
    assert.match(errorOf("x = 1; x * y"), /变量 y 没有给出数值/);
    assert.match(errorOf("x = abc; x"), /“abc”不是一个有限的数/);
    assert.match(errorOf("x 1; x"), /“x 1”不是赋值/);
    assert.match(errorOf("x = 1, x = 2; x"), /赋值了两次/);
    assert.match(errorOf("x = 1; x # 2"), /第 10 个字符“#”看不懂/);
    assert.match(errorOf("x = 1; (x + 1"), /缺少右括号/);
    assert.match(errorOf("x = 1; x + 1)"), /多了一个右括号/);
    assert.match(errorOf("x = 1; x +"), /式子没写完/);
    assert.match(errorOf("x = 1; sin(x)"), /不认识的函数 sin/);
    assert.match(errorOf("x = 1; tanh x"), /函数 tanh 后面要用括号/);
    assert.match(errorOf("x = 1; x ^ x"), /\^ 后面必须直接写一个数/);
    assert.match(errorOf("x = 1; x x"), /前面缺少运算符/);
    assert.match(errorOf("tanh = 1; tanh"), /函数名/);
    assert.match(errorOf("x = 1; " + Array(50).fill("x").join("+")), new RegExp(`最多 ${MAX_NODES} 个`));
    assert.match(errorOf("x = 1; " + "x+".repeat(200) + "x"), /式子太长/);
  });

  it("a value that is not finite is reported at the node that made it", () => {
    const { root } = buildGraph(parsed("x = -1; log(x) * 2"));
    assert.match(nonFiniteNode(root) ?? "", /^log 的结果是 NaN（它的输入是 -1）/);
    assert.equal(nonFiniteNode(buildGraph(parsed("x = 1; log(x)")).root), null);
  });
});
