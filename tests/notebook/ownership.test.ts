import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDisposable, ownedOutputs, reachable } from "../../components/notebook/ownership.js";

const disposable = (name: string) => ({ name, dispose() {} });

describe("ownership", () => {
  it("treats what is reachable from an input as borrowed", () => {
    const model = disposable("model");
    const stage = { model, history: [1, 2, 3] };
    const mine = disposable("mine");
    assert.deepEqual(ownedOutputs({ m: model, mine }, [stage]), [mine]);
  });
  it("finds weights a few levels down, through arrays and Maps", () => {
    const weight = disposable("w");
    const model = { layers: [{ weights: new Map([["kernel", { val: weight }]]) }] };
    assert.ok(reachable([model]).has(weight));
    assert.deepEqual(ownedOutputs({ w: weight }, [model]), []);
  });
  it("stops at its depth and count limits", () => {
    let chain: Record<string, unknown> = { end: disposable("deep") };
    for (let i = 0; i < 10; i++) chain = { next: chain };
    assert.equal(reachable([chain], { depth: 3 }).size, 4);
    assert.ok(reachable([Array.from({ length: 100 }, (_, i) => ({ i }))], { limit: 10 }).size <= 10);
  });
  it("does not count a module namespace or plain values as disposable", () => {
    assert.equal(isDisposable(1), false);
    assert.equal(isDisposable({ dispose: 1 }), false);
    assert.equal(isDisposable(disposable("x")), true);
  });
});
