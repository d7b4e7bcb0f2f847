import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { formatValues, isTensor } from "../../components/notebook/outputs.js";

describe("isTensor", () => {
  it("recognises tfjs tensors without importing tfjs", () => {
    const t = tf.tensor([1, 2]);
    assert.ok(isTensor(t));
    assert.ok(!isTensor([1, 2]) && !isTensor(null) && !isTensor({ shape: [1] }));
    t.dispose();
  });
});

describe("formatValues", () => {
  it("lays out a matrix by rows", () => {
    assert.equal(formatValues([1, 2, 3, 4, 5, 6], [2, 3]), "1, 2, 3\n4, 5, 6");
  });
  it("rounds floats and says how many values were left out", () => {
    assert.equal(formatValues([0.123456, 2, 3], [3], 2), "0.1235, 2\n…（共 3 个数）");
  });
});
