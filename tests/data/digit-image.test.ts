import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toMnistLayout } from "../../components/data/digit-image.js";

const canvas = (n: number, ink: (r: number, c: number) => boolean) => Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (ink(r, c) ? 1 : 0)));

describe("toMnistLayout", () => {
  it("scales the drawing's bounding box to 20 pixels and centres its mass in 28×28", () => {
    // A bar in the top-left corner of a 112×112 canvas: 60 rows tall, 12 columns wide.
    const grid = toMnistLayout(canvas(112, (r, c) => r >= 4 && r < 64 && c >= 6 && c < 18));
    assert.equal(grid.length, 28);
    assert.ok(grid.every((row) => row.length === 28));
    const rows = grid.map((row) => row.some((v) => v > 0.5));
    const height = rows.filter(Boolean).length;
    assert.equal(height, 20, "the longer side becomes 20 pixels");
    let [mass, my, mx] = [0, 0, 0];
    grid.forEach((row, r) => row.forEach((v, c) => ((mass += v), (my += v * r), (mx += v * c))));
    assert.ok(Math.abs(my / mass - 13.5) <= 1 && Math.abs(mx / mass - 13.5) <= 1, `centre of mass ${my / mass}, ${mx / mass}`);
    assert.ok(grid.flat().every((v) => v >= 0 && v <= 1));
  });
  it("returns an empty frame for an empty drawing", () => {
    assert.ok(toMnistLayout(canvas(112, () => false)).flat().every((v) => v === 0));
  });
});
