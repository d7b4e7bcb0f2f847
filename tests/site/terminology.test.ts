import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { avoidedVariants, renderings } from "../../site/terminology.js";

describe("avoidedVariants", () => {
  it("finds each avoided variant with its position and the rendering to use", () => {
    const text = "下面的单元格用丢弃法。";
    assert.deepEqual(avoidedVariants(text), [
      { use: "代码单元", variant: "单元格", index: 3 },
      { use: "Dropout", variant: "丢弃法", index: 7 }
    ]);
  });
  it("ignores a variant inside an allowed longer word", () => {
    assert.deepEqual(avoidedVariants("调超参数"), []);
    assert.deepEqual(avoidedVariants("调超参").map((v) => v.variant), ["超参"]);
    assert.deepEqual(avoidedVariants("超参数与超参").map((v) => v.index), [4]);
  });
  it("passes text that uses the book's renderings", () => {
    assert.deepEqual(avoidedVariants("代码单元、Dropout、批归一化、残差连接、单元测试"), []);
  });
  it("has one entry per rendering and never avoids a rendering the book uses", () => {
    const uses = renderings.map((r) => r.use);
    assert.equal(new Set(uses).size, uses.length);
    for (const r of renderings) for (const other of uses) assert.ok(!r.avoid.includes(other), `${r.use} avoids ${other}`);
  });
});
