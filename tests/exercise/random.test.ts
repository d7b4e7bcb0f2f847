import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exerciseRandom, randomInt, seededRandom } from "../../components/exercise/random.js";

describe("seededRandom", () => {
  it("repeats the same stream for the same seed and differs across seeds", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
    for (const x of draw(7)) assert.ok(x >= 0 && x < 1);
  });
});

describe("exerciseRandom", () => {
  it("separates exercises and purposes", () => {
    const first = (id: string, purpose?: string) => exerciseRandom(5, id, purpose)();
    assert.notEqual(first("a"), first("b"));
    assert.notEqual(first("a"), first("a", "cases"));
    assert.equal(first("a"), first("a"));
  });
  it("draws integers within bounds, both ends reachable", () => {
    const random = seededRandom(1);
    const seen = new Set(Array.from({ length: 500 }, () => randomInt(random, 2, 4)));
    assert.deepEqual([...seen].sort(), [2, 3, 4]);
  });
});
