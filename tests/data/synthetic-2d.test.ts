import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DATASETS, make2d, makeSpirals, makeXor } from "../../components/data/synthetic-2d.js";

describe("2-D data sets", () => {
  it("are seeded, balanced and shaped [n, 2] with one-hot labels", () => {
    for (const name of Object.keys(DATASETS) as (keyof typeof DATASETS)[]) {
      const a = make2d(name, 100, 4);
      const b = make2d(name, 100, 4);
      assert.deepEqual(a.points, b.points, name);
      assert.notDeepEqual(make2d(name, 100, 5).points, a.points, name);
      assert.deepEqual(a.x.shape, [100, 2]);
      assert.deepEqual(a.y.shape, [100, 2]);
      const ones = a.labels.filter((l) => l === 1).length;
      assert.ok(ones > 30 && ones < 70, `${name}: ${ones} of 100 in class 1`);
      a.dispose();
      b.dispose();
    }
  });
  it("XOR labels follow the quadrant; spirals interleave at growing radius", () => {
    const xor = makeXor(200);
    xor.points.forEach(([x, y], i) => assert.equal(xor.labels[i], x * y > 0 ? 1 : 0));
    assert.ok(xor.points.every(([x, y]) => Math.abs(x) >= 0.05 && Math.abs(y) >= 0.05));
    xor.dispose();
    const spirals = makeSpirals(200, { noise: 0 });
    const radii = spirals.points.map(([x, y]) => Math.hypot(x, y));
    assert.ok(Math.min(...radii) >= 0.1 - 1e-9 && Math.max(...radii) <= 1 + 1e-9);
    spirals.dispose();
  });
});
