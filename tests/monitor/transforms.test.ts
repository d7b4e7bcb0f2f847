// The shifts keep images in [0, 1] and 28×28; rotating by 0° changes nothing, by 90° four
// times comes back; the stream is the same for the same seed.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../components/data/synthetic.js";
import { driftStream } from "../../components/monitor/stream.js";
import { addNoise, invert, rotate } from "../../components/monitor/transforms.js";
import type { MnistSplit } from "../../components/data/mnist-format.js";

const image = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);

describe("transforms", () => {
  it("rotate: 0° is the identity, a quarter turn moves the top row to a side column", () => {
    const same = rotate(image, 0);
    for (let i = 0; i < 784; ++i) assert.ok(Math.abs(same[i] - image[i]) < 1e-6);
    const dot = new Float32Array(784);
    dot[0 * 28 + 13] = 1; // top edge, middle
    const turned = rotate(dot, 90);
    const at = turned.indexOf(Math.max(...turned));
    assert.ok(at % 28 === 0 || at % 28 === 27, `the pixel went to column ${at % 28}`);
  });

  it("noise stays in [0, 1] and is seeded; invert is 1 − x", () => {
    const a = addNoise(image, 0.35, seededRandom(1));
    assert.deepEqual(a, addNoise(image, 0.35, seededRandom(1)));
    assert.ok(a.every((v) => v >= 0 && v <= 1));
    assert.ok(invert(image).every((v, i) => Math.abs(v - (1 - image[i])) < 1e-6));
  });

  it("driftStream gives one window per phase with the labels of its digits", () => {
    const split: MnistSplit = { count: 3, images: Uint8Array.from({ length: 3 * 784 }, (_, i) => i % 256), labels: Uint8Array.from([4, 5, 6]) };
    const windows = driftStream(split, ["clean", "invert"], { size: 2, seed: 3 });
    assert.deepEqual(windows.map((w) => [w.shift, [...w.labels]]), [["clean", [4, 5]], ["invert", [6, 4]]]);
    assert.equal(windows[1].inputs[0].length, 784);
  });
});
