// The dot product of sinusoidal positional encodings depends on the distance only and is not
// monotone in it (3.5 fixes "离得越近越大"). Checked against the encodings themselves.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { positionalEncoding } from "../../components/nn/attention.js";
import { nonMonotoneDistances, peDotByDistance } from "../../components/nn/pe-distance.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("peDotByDistance", () => {
  it("gives d/2 at distance 0, 11.66 at 4 and 11.89 at 6 for d = 32", () => {
    const dots = peDotByDistance(32, 12);
    assert.equal(dots[0].dot, 16);
    assert.equal(dots[4].dot.toFixed(2), "11.66");
    assert.equal(dots[6].dot.toFixed(2), "11.89");
    assert.ok(dots[6].dot > dots[4].dot, "farther yet more similar");
    assert.deepEqual(nonMonotoneDistances(32, 12), [5, 6, 10, 11, 12]);
  });
  it("equals PE_pos · PE_{pos+k} for every pos", async () => {
    const pe = positionalEncoding(40, 32);
    const rows = (await pe.array()) as number[][];
    pe.dispose();
    const dots = peDotByDistance(32, 20);
    for (const pos of [0, 7, 19])
      for (let k = 0; k <= 20; k++) {
        const direct = rows[pos].reduce((s, v, j) => s + v * rows[pos + k][j], 0);
        assert.ok(Math.abs(direct - dots[k].dot) < 1e-4, `pos ${pos}, k ${k}: ${direct} vs ${dots[k].dot}`);
      }
  });
});
