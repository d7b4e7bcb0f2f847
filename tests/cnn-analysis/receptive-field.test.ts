import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { fieldSpan, geometryOf, parseLayerSpec, receptiveFields, type LayerGeometry } from "../../components/cnn-analysis/receptive-field.js";
import { buildCnn, SEED_CNN } from "../../components/nn/cnn.js";

before(async () => {
  await tf.setBackend("cpu");
});

/** The input pixels (rows) on which output unit (i, i, 0) of a linear stack with all-one
 * kernels and average pooling depends: where the gradient is not zero. */
async function supportByGradient(layers: LayerGeometry[], index: number, inputSize = 28): Promise<[number, number]> {
  const grad = tf.tidy(() =>
    tf.grad((x: tf.Tensor) => {
      let h = x as tf.Tensor4D;
      for (const layer of layers) {
        const pad = layer.padding === "same" ? "same" : layer.padding;
        h = layer.kind === "conv"
          ? tf.conv2d(h, tf.ones([layer.kernel, layer.kernel, h.shape[3], 1]) as tf.Tensor4D, layer.stride, pad)
          : tf.avgPool(h, layer.kernel, layer.stride, pad === "same" ? "same" : pad === 0 ? "valid" : pad);
      }
      return h.slice([0, index, index, 0], [1, 1, 1, 1]).sum();
    })(tf.ones([1, inputSize, inputSize, 1]))
  );
  const values = await grad.data();
  grad.dispose();
  const rows = [...Array(inputSize).keys()].filter((r) => [...Array(inputSize).keys()].some((c) => values[r * inputSize + c] !== 0));
  return [rows[0], rows.at(-1)!];
}

describe("receptiveFields", () => {
  it("gives, for the book's CNN, the values computed by hand: r = 3, 4, 8, 10 and j = 1, 2, 2, 4", () => {
    const rows = receptiveFields(geometryOf(buildCnn(SEED_CNN)));
    // conv1: r = 1 + 2·1 = 3; pool1: 3 + 1·1 = 4, j = 2; conv2: 4 + 2·2 = 8; pool2: 8 + 1·2 = 10, j = 4.
    assert.deepEqual(rows.map((r) => [r.name, r.size, r.jump, r.field, r.start]), [
      ["conv1", 26, 1, 3, 1],
      ["pool1", 13, 2, 4, 1.5],
      ["conv2", 11, 2, 8, 3.5],
      ["pool2", 5, 4, 10, 4.5]
    ]);
    assert.deepEqual(fieldSpan(rows[3], 0), [0, 9]);
    assert.deepEqual(fieldSpan(rows[3], 4), [16, 25]);
  });

  it("matches the pixels an output unit's gradient actually reaches, with and without padding", async () => {
    const start = tf.memory().numTensors;
    const stacks = ["conv3, pool2, conv3, pool2", "conv5 s2 p2, conv3 p1, pool2", "conv7 s2 p3, pool3 s2 p1, conv3 p1", "conv3, conv3, conv3"];
    for (const spec of stacks) {
      const parsed = parseLayerSpec(spec);
      assert.ok("layers" in parsed, spec);
      const rows = receptiveFields(parsed.layers);
      const last = rows.at(-1)!;
      for (const index of [0, 1, Math.floor(last.size / 2), last.size - 1]) {
        assert.deepEqual(await supportByGradient(parsed.layers, index), fieldSpan(last, index), `${spec}, unit ${index}`);
      }
    }
    assert.equal(tf.memory().numTensors, start);
  });

  it("follows tfjs's 'same' padding (output ⌈n/s⌉)", () => {
    const rows = receptiveFields([{ name: "c", kind: "conv", kernel: 3, stride: 2, padding: "same" }], 28);
    assert.equal(rows[0].size, 14);
    assert.equal(rows[0].padding, 0); // total padding (13·2 + 3 − 28) = 1: 0 before, 1 after
  });

  it("says in Chinese when a layer's output is empty", () => {
    assert.throws(() => receptiveFields([{ name: "big", kind: "conv", kernel: 9, stride: 1, padding: 0 }], 5), /第 1 层（big）的输入只有 5×5/);
  });
});

describe("parseLayerSpec", () => {
  it("reads kinds, kernels, strides and padding, with the defaults", () => {
    assert.deepEqual(parseLayerSpec("conv3，池化2; conv5 s2 p2"), {
      layers: [
        { name: "conv1", kind: "conv", kernel: 3, stride: 1, padding: 0 },
        { name: "pool1", kind: "pool", kernel: 2, stride: 2, padding: 0 },
        { name: "conv2", kind: "conv", kernel: 5, stride: 2, padding: 2 }
      ]
    });
  });

  it("explains bad entries", () => {
    assert.match((parseLayerSpec("") as { error: string }).error, /至少写一层/);
    assert.match((parseLayerSpec("conv3, dense10") as { error: string }).error, /第 2 项“dense10”看不懂/);
    assert.match((parseLayerSpec("conv0") as { error: string }).error, /1 到 99/);
    assert.match((parseLayerSpec("conv3 s0") as { error: string }).error, /步幅/);
    assert.match((parseLayerSpec("conv3 p3") as { error: string }).error, /补零 3/);
    assert.match((parseLayerSpec(Array(31).fill("conv3").join(",")) as { error: string }).error, /最多 30 层/);
  });
});
