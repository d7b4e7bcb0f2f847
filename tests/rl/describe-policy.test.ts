// describePolicy (components/rl/draw.ts): the policy grid's text alternative states the grid,
// the range of max Q, and where the greedy path ends, from the Q table actually drawn.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describePolicy } from "../../components/rl/draw.js";
import { greedyPath, gridWorld, optimalQ } from "../../components/rl/gridworld.js";

describe("describePolicy", () => {
  it("says the optimal policy reaches the goal in as many steps as its greedy path", () => {
    const world = gridWorld();
    const q = optimalQ(world, 0.9);
    const steps = greedyPath(world, q).length - 1;
    const text = describePolicy(world, q);
    assert.match(text, new RegExp(`${world.rows}×${world.cols} 格`));
    assert.match(text, new RegExp(`走 ${steps} 步，到达终点`));
  });
  it("gives the range of an untrained (all-zero) table", () => {
    const world = gridWorld();
    const zeros = Array.from({ length: world.states }, () => [0, 0, 0, 0]);
    assert.match(describePolicy(world, zeros), /各格 max Q 从 0 到 0；/);
  });
});
