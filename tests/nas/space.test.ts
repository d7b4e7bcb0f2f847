// The search space (components/nas/space.ts): the parameter formula matches tfjs's count for
// every depth, sampling is seeded and stays in the space, and empty or bad spaces are refused.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { seededRandom } from "../../components/data/synthetic.js";
import { architectureParams, buildArchitecture, checkSpace, DEFAULT_SPACE, mapSide, sampleArchitecture, spaceSize } from "../../components/nas/space.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("search space", () => {
  it("counts parameters by formula exactly as tfjs does, for 1 to 3 stages", () => {
    assert.deepEqual([0, 1, 2, 3].map(mapSide), [28, 13, 5, 1]);
    const start = tf.memory().numTensors;
    for (const a of [{ filters: [4], dense: 16 }, { filters: [32, 64], dense: 128 }, { filters: [8, 16, 32], dense: 32 }]) {
      const model = buildArchitecture(a);
      assert.equal(architectureParams(a), model.countParams(), JSON.stringify(a));
      model.dispose();
    }
    assert.equal(architectureParams({ filters: [32, 64], dense: 128 }), 225_034, "the book's 3.2 CNN");
    assert.equal(tf.memory().numTensors, start);
  });
  it("draws the same architectures for the same seed, all inside the space", () => {
    const draw = (seed: number) => Array.from({ length: 20 }, ((random) => () => sampleArchitecture(DEFAULT_SPACE, random))(seededRandom(seed)));
    assert.deepEqual(draw(5), draw(5));
    assert.notDeepEqual(draw(5), draw(6));
    for (const a of draw(5)) {
      assert.ok(DEFAULT_SPACE.stages.includes(a.filters.length));
      assert.ok(a.filters.every((f) => DEFAULT_SPACE.filters.includes(f)) && DEFAULT_SPACE.dense.includes(a.dense));
    }
    assert.equal(spaceSize(DEFAULT_SPACE), (4 + 16 + 64) * 4);
  });
  it("refuses empty lists, non-positive widths and more than 3 stages", () => {
    assert.throws(() => checkSpace({ ...DEFAULT_SPACE, filters: [] }), /“卷积核个数”列表是空的/);
    assert.throws(() => checkSpace({ ...DEFAULT_SPACE, dense: [16, 0] }), /必须是正整数，现在有 0/);
    assert.throws(() => checkSpace({ ...DEFAULT_SPACE, stages: [4] }), /最多 3/);
    assert.doesNotThrow(() => checkSpace(DEFAULT_SPACE));
  });
});
