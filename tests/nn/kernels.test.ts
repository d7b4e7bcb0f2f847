import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KERNEL_PRESETS, parseKernel } from "../../components/nn/kernels.js";

describe("parseKernel", () => {
  it("reads numbers, including negatives and decimals", () => {
    assert.deepEqual(parseKernel([["1", "-2", "0.5"], [" 3 ", "1e-1", "0"]]), { kernel: [[1, -2, 0.5], [3, 0.1, 0]] });
  });
  it("names the entry that is empty, not a number, or not finite", () => {
    assert.deepEqual(parseKernel([["1", ""], ["0", "0"]]), { error: "第 1 行第 2 列的“”不是一个数" });
    assert.match((parseKernel([["1", "2"], ["abc", "0"]]) as { error: string }).error, /第 2 行第 1 列的“abc”/);
    assert.ok("error" in parseKernel([["NaN"]]));
    assert.ok("error" in parseKernel([["Infinity"]]));
  });
  it("presets are 3×3", () => {
    for (const kernel of Object.values(KERNEL_PRESETS)) assert.deepEqual([kernel.length, kernel[0].length], [3, 3]);
  });
});
