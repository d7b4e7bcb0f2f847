// The measured convergence rates of gradient descent and heavy ball on ½(x² + κy²) match the
// theory ((κ−1)/(κ+1) and (√κ−1)/(√κ+1)) within 5%; heavy ball is faster; bad κ is refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { measuredRate, quadraticRates } from "../../components/optim/rates.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("quadraticRates", () => {
  for (const kappa of [10, 100, 1000]) {
    it(`measures the theoretical rates at κ = ${kappa}`, async () => {
      const start = tf.memory().numTensors;
      const [gd, heavyBall] = await quadraticRates(kappa);
      assert.equal(tf.memory().numTensors, start, "no tensor leaked");
      for (const run of [gd, heavyBall]) {
        assert.equal(run.stopped, undefined);
        assert.ok(Math.abs(run.measured - run.theory) <= 0.05 * run.theory, `${run.name}: measured ${run.measured} vs theory ${run.theory}`);
      }
      assert.ok(heavyBall.measured < gd.measured, "heavy ball converges faster");
      assert.ok(heavyBall.distances.at(-1)! < 1e-3, `heavy ball got close: ${heavyBall.distances.at(-1)}`);
    });
  }

  it("refuses a κ outside the slider's range", async () => {
    await assert.rejects(quadraticRates(1), /条件数 κ/);
    await assert.rejects(quadraticRates(NaN), /条件数 κ/);
  });

  it("reads a geometric rate exactly", () => {
    const d = Array.from({ length: 11 }, (_, t) => 0.5 ** t);
    assert.ok(Math.abs(measuredRate(d, 5, 10) - 0.5) < 1e-12);
  });
});
