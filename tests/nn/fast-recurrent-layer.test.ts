// The tf.layers plumbing FastSimpleRnn (and any layer on FastRecurrentLayer) shares: output
// shapes, the mask passed on only with every step, refusal of inputs that are not sequences,
// the cell's config kept for saving. The arithmetic is tested in fast-simple-rnn.test.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@book/tf";
import { fastSimpleRnn } from "../../components/nn/fast-simple-rnn.js";

describe("FastRecurrentLayer", () => {
  it("gives tf.layers' output shapes and passes the mask on only with every step", () => {
    const mask = tf.ones([2, 5], "bool");
    for (const returnSequences of [false, true]) {
      const layer = fastSimpleRnn({ units: 3, returnSequences });
      assert.deepEqual(layer.computeOutputShape([2, 5, 4]), returnSequences ? [2, 5, 3] : [2, 3]);
      assert.equal(layer.computeMask(tf.zeros([0]), mask), returnSequences ? mask : null);
      const config = layer.getConfig();
      assert.equal(config.units, 3);
      assert.equal(config.returnSequences, returnSequences); // never built: nothing to dispose
    }
    mask.dispose();
  });

  it("refuses input that is not [batch, time, features], and frozen weights are not trainable", () => {
    const layer = fastSimpleRnn({ units: 2 });
    assert.throws(() => layer.build([2, 4]), /FastSimpleRNN expects \[batch, time, features\], got \[2, 4\]/);
    const x = tf.zeros([1, 4, 3]);
    tf.dispose([x, layer.apply(x) as tf.Tensor]);
    assert.equal(layer.trainableWeights.length, 3);
    layer.trainable = false;
    assert.equal(layer.trainableWeights.length, 0);
    assert.equal(layer.nonTrainableWeights.length, 3);
    layer.dispose();
  });
});
