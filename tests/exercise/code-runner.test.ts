import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCodeExercise } from "../../components/exercise/code-runner.js";
import type { CodeExercise } from "../../components/exercise/types.js";

const square: CodeExercise = {
  kind: "code",
  functionName: "square",
  argNames: ["x"],
  params: () => ({}),
  starter: () => "function square(x: number[]): number[] {\n  return x;\n}\n",
  cases: () => [[[1, 2]], [[3, -1, 0.5]]],
  reference: ([x]) => (x as number[]).map((v) => v * v)
};
const run = (code: string, options = {}) => runCodeExercise(code, square, {}, square.cases(Math.random, {}), { guardMs: 300, timeoutMs: 500, ...options });

describe("runCodeExercise", () => {
  it("passes a right TypeScript answer, with the largest error", async () => {
    const result = await run("function square(x: number[]): number[] {\n  return x.map((v) => v * v);\n}\n");
    assert.equal(result.ok, true, result.message);
    assert.equal(result.passed, 2);
    assert.equal(result.maxError, 0);
  });
  it("names the failing case and the worst element for wrong values", async () => {
    const result = await run("function square(x) { return x.map((v, i) => i === 1 ? v * v + 0.5 : v * v); }");
    assert.equal(result.reason, "value");
    assert.equal(result.failedCase, 1);
    assert.equal(result.maxError, 0.5);
    assert.match(result.message, /第 1\/2 组测试（x = \[1,2\]）.*最大误差 0\.5.*位置 \[1\].*应为 4，得到 4\.5/);
  });
  it("reports a wrong shape", async () => {
    const result = await run("function square(x) { return [x.map((v) => v * v)]; }");
    assert.equal(result.reason, "shape");
    assert.match(result.message, /应返回形状 \[2\]，实际返回 \[1, 2\]/);
    assert.match((await run("function square(x) { x.map((v) => v * v); }")).message, /undefined（函数没有 return？）/);
  });
  it("reports NaN and Infinity", async () => {
    const result = await run("function square(x) { return x.map((v) => v / 0); }");
    assert.equal(result.reason, "nan");
  });
  it("reports an exception with its message and line", async () => {
    const result = await run("function square(x) {\n  throw new Error('坏了');\n}");
    assert.equal(result.reason, "threw");
    assert.match(result.message, /Error: 坏了（第 2 行）/);
  });
  it("stops an endless loop through the notebook's loop guard", async () => {
    const result = await run("function square(x) { while (true) {} }");
    assert.equal(result.reason, "loop");
    assert.match(result.message, /死循环/);
  });
  it("gives up on an async function that never settles", async () => {
    const result = await run("async function square(x) { await new Promise(() => {}); }");
    assert.equal(result.reason, "timeout");
  });
  it("reports a missing function and a syntax error", async () => {
    assert.equal((await run("function sq(x) { return x; }")).reason, "missing");
    const bad = await run("function square(x) { return x.map(v => v *); }");
    assert.equal(bad.reason, "compile");
    assert.match(bad.message, /第 1 行/);
  });
  it("does not let the reader's function change the inputs the reference sees", async () => {
    const result = await run("function square(x) { for (let i = 0; i < x.length; i++) x[i] = x[i] * x[i]; return x; }");
    assert.equal(result.ok, true, result.message);
  });
  it("accepts a returned tensor-like value and disposes it", async () => {
    let disposed = 0;
    (globalThis as any).__fakeTensor = (v: number[]) => ({ array: async () => v, dispose: () => disposed++ });
    try {
      const result = await run("function square(x) { return globalThis.__fakeTensor(x.map((v) => v * v)); }");
      assert.equal(result.ok, true, result.message);
      assert.equal(disposed, 2);
    } finally {
      delete (globalThis as any).__fakeTensor;
    }
  });
});
