// The book's bidirectional RNN equals tf.layers.bidirectional (mergeMode concat) with the same weights.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { bidirectionalWeights, runBidirectional } from "../../components/nn/bidirectional.js";

before(async () => {
  await tf.setBackend("cpu");
});

function inner(kind: "rnn" | "lstm" | "gru", units: number): tf.layers.Layer {
  const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.6, maxval: 0.6, seed });
  const common = { units, returnSequences: true, kernelInitializer: init(3), recurrentInitializer: init(4), biasInitializer: init(5) };
  if (kind === "rnn") return tf.layers.simpleRNN(common);
  if (kind === "lstm") return tf.layers.lstm({ ...common, recurrentActivation: "sigmoid" });
  return tf.layers.gru({ ...common, recurrentActivation: "sigmoid" });
}

describe("runBidirectional", () => {
  for (const kind of ["rnn", "lstm", "gru"] as const) {
    it(`${kind}: equals tf.layers.bidirectional to 1e-5, and the backward half differs from the forward half`, async () => {
      const start = tf.memory().numTensors;
      const layer = tf.layers.bidirectional({ layer: inner(kind, 4) as tf.RNN, mergeMode: "concat" });
      const x = tf.randomNormal([2, 7, 3], 0, 1, "float32", 9) as tf.Tensor3D;
      const theirs = layer.apply(x) as tf.Tensor3D;
      const { forward, backward } = bidirectionalWeights(layer);
      const ours = tf.tidy(() => runBidirectional(kind, forward, backward, x));
      assert.deepEqual(ours.shape, [2, 7, 8]);
      assert.deepEqual(theirs.shape, [2, 7, 8]);
      const [a, b] = [await ours.data(), await theirs.data()];
      const diff = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
      assert.ok(diff < 1e-5, `max abs difference ${diff}`);
      // The two directions have different (random) weights: their halves are not equal.
      const halves = tf.tidy(() => tf.split(ours, 2, 2).reduce((p, q) => p.sub(q)).abs().max());
      assert.ok((await halves.data())[0] > 1e-3);
      tf.dispose([x, theirs, ours, halves, ...Object.values(forward), ...Object.values(backward)]);
      layer.dispose();
      assert.equal(tf.memory().numTensors, start, "no leak");
    });
  }

  it("at position t the backward half depends on later inputs only (the forward half on earlier ones)", async () => {
    const layer = tf.layers.bidirectional({ layer: inner("gru", 3) as tf.RNN, mergeMode: "concat" });
    const x = tf.randomNormal([1, 5, 2], 0, 1, "float32", 1) as tf.Tensor3D;
    (layer.apply(x) as tf.Tensor).dispose();
    const { forward, backward } = bidirectionalWeights(layer);
    // Change only the last input: the forward states before it stay, the backward states all move.
    const changed = tf.tidy(() => x.add(tf.oneHot(tf.tensor1d([4], "int32"), 5).reshape([1, 5, 1]).mul(3))) as tf.Tensor3D;
    const [y0, y1] = [tf.tidy(() => runBidirectional("gru", forward, backward, x)), tf.tidy(() => runBidirectional("gru", forward, backward, changed))];
    // Columns 0–2 are the forward states, 3–5 the backward ones.
    const change = async (from: number) => {
      const d = tf.tidy(() => y1.slice([0, 0, from], [1, 5, 3]).sub(y0.slice([0, 0, from], [1, 5, 3])).abs().max(2));
      const values = ((await d.array()) as number[][])[0];
      d.dispose();
      return values;
    };
    const [ahead, behind] = [await change(0), await change(3)];
    assert.deepEqual(ahead.slice(0, 4), [0, 0, 0, 0], "forward states before the change are unchanged");
    assert.ok(ahead[4] > 0);
    assert.ok(behind.every((d) => d > 0), "every position sees the change through the backward states");
    tf.dispose([x, changed, y0, y1, ...Object.values(forward), ...Object.values(backward)]);
    layer.dispose();
  });
});
