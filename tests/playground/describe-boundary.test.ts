// describeBoundary (components/playground/draw.ts): the decision boundary's text alternative is
// read from the drawn grid: the share of the plane that is class 1, and the points that lie in
// their own class's colour.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeBoundary } from "../../components/playground/draw.js";
import type { Grid } from "../../components/playground/mlp.js";

// A 2×2 grid over [0, 2]²: the right column (x ≥ 1) is class 1.
const grid = { size: 2, bounds: { x0: 0, x1: 2, y0: 0, y1: 2 } } as unknown as Grid;
const probabilities = [0.1, 0.9, 0.2, 0.8]; // rows from the top

describe("describeBoundary", () => {
  it("counts the plane's class-1 share and the points inside their own colour", () => {
    const points: [number, number][] = [[0.5, 0.5], [1.5, 1.5], [1.5, 0.5], [0.5, 1.5]];
    const text = describeBoundary(probabilities, grid, points, [0, 1, 0, 0]);
    assert.match(text, /占平面的 50%/);
    assert.match(text, /4 个训练点中有 3 个落在自己类别的颜色里/);
  });
});
