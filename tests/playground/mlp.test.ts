// The playground's model: a linear classifier cannot separate circles or XOR, an MLP can;
// every hidden unit's map has one value per grid point; no tensor is leaked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { make2d } from "../../components/data/synthetic-2d.js";
import { boundaryOn, buildMlp, gridAround, hiddenUnitsOn, trainMlp } from "../../components/playground/mlp.js";

describe("playground MLP", () => {
  it("separates circles and XOR with hidden units where a linear model cannot", async () => {
    const before = tf.memory().numTensors;
    for (const name of ["circles", "xor"] as const) {
      const data = make2d(name, 200, 3);
      const linear = buildMlp({ hidden: [], activation: "tanh" });
      const mlp = buildMlp({ hidden: [8, 8], activation: "tanh" });
      const flat = await trainMlp(linear, data.x, data.y, { steps: 200, every: 50 });
      const deep = await trainMlp(mlp, data.x, data.y, { steps: 200, every: 50 });
      assert.ok(flat.accuracy < 0.8, `${name}: linear ${flat.accuracy}`);
      assert.ok(deep.accuracy > 0.95, `${name}: MLP ${deep.accuracy}`);
      const grid = gridAround(data.points, 20);
      const p = await boundaryOn(mlp, grid);
      assert.equal(p.length, 400);
      assert.ok(p.every((v) => v >= 0 && v <= 1));
      const layers = await hiddenUnitsOn(mlp, grid);
      assert.deepEqual(layers.map((units) => units.length), [8, 8]);
      assert.ok(layers.every((units) => units.every((u) => u.length === 400 && u.every((v) => v >= -1 && v <= 1))));
      assert.deepEqual(await hiddenUnitsOn(linear, grid), []);
      grid.dispose();
      linear.dispose();
      mlp.dispose();
      data.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });
  it("stops when cancelled", async () => {
    const data = make2d("moons", 50);
    const model = buildMlp({ hidden: [4], activation: "relu" });
    let reports = 0;
    const result = await trainMlp(model, data.x, data.y, { steps: 1000, every: 10, onProgress: () => void reports++, cancelled: () => reports >= 2 });
    assert.equal(result.step, 20);
    model.dispose();
    data.dispose();
  });
});
