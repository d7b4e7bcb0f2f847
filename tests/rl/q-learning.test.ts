// Q-learning converges on the grid world: its greedy path is a shortest safe path to the
// goal and its values at the start approach the exact optimum from value iteration.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { greedyPath, gridWorld, optimalQ } from "../../components/rl/gridworld.js";
import { qLearning, qUpdate } from "../../components/rl/q-learning.js";

describe("Q-learning on the grid world", () => {
  const world = gridWorld();
  const gamma = 0.95;
  it("value iteration finds the 8-step path around the trap", () => {
    const path = greedyPath(world, optimalQ(world, gamma));
    assert.equal(path.length - 1, 8);
    assert.equal(world.cells[Math.floor(path.at(-1)! / world.cols)][path.at(-1)! % world.cols], "G");
  });
  it("converges to a shortest path and to the optimal start value, for several seeds", async () => {
    const best = Math.max(...optimalQ(world, gamma)[world.start]);
    for (const seed of [1, 2, 3]) {
      const { q, returns } = await qLearning(world, { episodes: 400, gamma, seed });
      const path = greedyPath(world, q);
      assert.equal(path.length - 1, 8, `seed ${seed}: ${path}`);
      assert.ok(Math.abs(Math.max(...q[world.start]) - best) < 0.02, `seed ${seed}: ${Math.max(...q[world.start])} vs ${best}`);
      const early = returns.slice(0, 50).reduce((a, b) => a + b, 0) / 50;
      const late = returns.slice(-50).reduce((a, b) => a + b, 0) / 50;
      assert.ok(late > early, `seed ${seed}: returns ${early} → ${late}`);
    }
  });
  it("applies the update rule", () => {
    const q = [[0, 0, 0, 0], [0.5, 1, 0, 0]];
    assert.equal(qUpdate(q, 0, 1, -0.04, 1, false, 0.5, 0.9), 0.5 * (-0.04 + 0.9 * 1));
    assert.equal(qUpdate(q, 0, 2, 1, 1, true, 1, 0.9), 1);
  });
  it("rejects a map without start or goal", () => assert.throws(() => gridWorld(["...", "..."]), /起点/));
});
