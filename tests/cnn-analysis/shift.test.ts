import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { geometryOf, receptiveFields } from "../../components/cnn-analysis/receptive-field.js";
import { equivarianceError, relativeChange, shiftBatch, shiftGrid, shiftReport, shiftSweep, strongestChannel, channelGrid } from "../../components/cnn-analysis/shift.js";
import { buildCnn, SMALL_CNN } from "../../components/nn/cnn.js";

before(async () => {
  await tf.setBackend("cpu");
});

/** A "7"-like digit: a bar on top and a slanted stroke, inside the 20×20 centre like MNIST. */
const seven = Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => ((r === 6 || r === 7) && c >= 8 && c <= 20 ? 1 : r > 7 && r < 23 && Math.abs(c - (20 - (r - 8) * 0.6)) < 1.2 ? 0.8 : 0)));

describe("shiftGrid / shiftBatch", () => {
  it("move right/down with zeros coming in, as a hand example and as tfjs ops", async () => {
    const g = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    assert.deepEqual(shiftGrid(g, 1, 0), [[0, 1, 2], [0, 4, 5], [0, 7, 8]]);
    assert.deepEqual(shiftGrid(g, -1, 1), [[0, 0, 0], [2, 3, 0], [5, 6, 0]]);
    const start = tf.memory().numTensors;
    const x = tf.tensor4d(g.flat(), [1, 3, 3, 1]);
    for (const [dx, dy] of [[1, 0], [-1, 1], [2, -2], [0, 0]]) {
      const moved = shiftBatch(x, dx, dy);
      assert.deepEqual(Array.from(await moved.data()), shiftGrid(g, dx, dy).flat(), `${dx}, ${dy}`);
      moved.dispose();
    }
    x.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});

describe("shiftReport on the book's CNN (random weights: equivariance does not need training)", () => {
  const model = buildCnn({ ...SMALL_CNN, seed: 3 });
  const layers = receptiveFields(geometryOf(model)).map(({ name, jump }) => ({ name, jump }));

  it("conv maps move exactly with the input; pooled maps exactly only when the stride divides the shift", async () => {
    const start = tf.memory().numTensors;
    const byShift = async (dx: number, dy: number) => Object.fromEntries((await shiftReport(model, seven, dx, dy, layers)).rows.map((r) => [r.name, r]));
    const one = await byShift(1, 0);
    assert.ok(one.conv1.aligned! < 1e-6, `conv1, shift 1: ${one.conv1.aligned}`);
    assert.equal(one.pool1.aligned, null, "a stride of 2 cannot follow a shift of 1");
    assert.ok(one.conv1.change > 0.3, `but cell by cell the maps differ: ${one.conv1.change}`);
    const two = await byShift(2, -2);
    assert.ok(two.pool1.aligned! < 1e-6 && two.conv2.aligned! < 1e-6, "shift 2 is one cell of pool1 and conv2");
    assert.equal(two.pool2.aligned, null);
    const four = await byShift(4, 4);
    for (const name of ["conv1", "pool1", "conv2", "pool2"]) assert.ok(four[name].aligned! < 1e-6, `${name}, shift 4: ${four[name].aligned}`);
    assert.equal(tf.memory().numTensors, start);
  });

  it("equivarianceError and relativeChange on a hand example", () => {
    const maps = (rows: number[][]) => ({ h: rows.length, w: rows[0].length, channels: 1, values: Float32Array.from(rows.flat()) });
    const a = maps([[1, 2], [3, 4]]);
    assert.equal(equivarianceError(a, maps([[9, 1], [9, 3]]), 1, 0), 0); // only the overlap counts
    assert.equal(equivarianceError(a, maps([[9, 1], [9, 5]]), 1, 0), 2 / 4);
    assert.ok(Math.abs(relativeChange(a.values, maps([[1, 2], [3, 5]]).values) - 1 / Math.sqrt(30)) < 1e-12);
    assert.equal(strongestChannel({ h: 1, w: 2, channels: 2, values: Float32Array.from([0, 1, 5, 2]) }), 0);
    assert.deepEqual(channelGrid({ h: 1, w: 2, channels: 2, values: Float32Array.from([0, 1, 5, 2]) }, 1), [[1, 2]]);
  });

  it("shiftSweep: no shift changes nothing, accuracy counts the labels the model predicts; no leak", async () => {
    const start = tf.memory().numTensors;
    const x = tf.tensor4d([...seven.flat(), ...shiftGrid(seven, 0, 2).flat(), ...shiftGrid(seven, -2, 0).flat()], [3, 28, 28, 1]);
    const argMax = tf.tidy(() => (model.predict(x) as tf.Tensor).argMax(1));
    const predicted = Array.from(await argMax.data());
    argMax.dispose();
    const rows = await shiftSweep(model, x, predicted, [0, 1, 3], ["conv1", "pool2"], { batchSize: 2 });
    assert.deepEqual(rows.map((r) => r.shift), [0, 1, 3]);
    assert.equal(rows[0].accuracy, 1);
    assert.deepEqual(rows[0].change, { conv1: 0, pool2: 0 });
    assert.ok(rows[1].change.conv1 > 0.3);
    x.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
