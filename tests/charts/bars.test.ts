// The bar chart's text alternative names every bar with its value, the largest and smallest, and the reference line.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeBars } from "../../components/charts/bars.js";

describe("bar chart text alternative", () => {
  it("lists each bar's value with its unit, the largest and smallest, then the reference", () => {
    assert.equal(
      describeBars([{ label: "wasm", value: 627.53 }, { label: "webgl", value: 18.9 }], " 样本/秒", { value: 1015, label: "PyTorch CPU 1015" }),
      "条形图：wasm 627.5 样本/秒，webgl 18.9 样本/秒；最大 wasm（627.5 样本/秒），最小 webgl（18.9 样本/秒）；参考线 PyTorch CPU 1015"
    );
  });
  it("says so when there is nothing to draw", () => {
    assert.equal(describeBars([]), "条形图：没有数据");
  });
});
