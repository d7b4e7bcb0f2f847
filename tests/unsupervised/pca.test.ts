import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { pca } from "../../components/unsupervised/pca.js";
import { seededRandom } from "../../components/data/synthetic.js";

describe("PCA by power iteration", () => {
  it("recovers the directions and variances of a known Gaussian", async () => {
    // 3-D points with standard deviations 3, 1, 0.3 along axes rotated by 30° in the x–y plane.
    const random = seededRandom(7);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const rows = Array.from({ length: 4000 }, () => {
      const [a, b, z] = [3 * gaussian(), gaussian(), 0.3 * gaussian()];
      return [c * a - s * b + 5, s * a + c * b - 2, z];
    });
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(rows);
    const result = await pca(x, 2);
    const [first, second] = (await result.components.array()) as number[][];
    assert.ok(Math.abs(Math.abs(first[0] * c + first[1] * s) - 1) < 1e-3, `first: ${first}`);
    assert.ok(Math.abs(Math.abs(second[0] * -s + second[1] * c) - 1) < 1e-2, `second: ${second}`);
    assert.ok(Math.abs(result.variances[0] / 9 - 1) < 0.08, String(result.variances));
    assert.ok(Math.abs(result.variances[1] - 1) < 0.08, String(result.variances));
    assert.ok(result.explained[0] > 0.85 && result.explained[0] + result.explained[1] > 0.99);
    const projected = result.project(x);
    assert.deepEqual(projected.shape, [4000, 2]);
    const meanTensor = projected.mean(0);
    const mean = (await meanTensor.array()) as number[];
    meanTensor.dispose();
    assert.ok(mean.every((m) => Math.abs(m) < 1e-3), "projections are centred");
    tf.dispose([projected, x]);
    result.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
