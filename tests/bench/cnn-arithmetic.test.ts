import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CNN_SIZES, cnnArithmetic, convolutionRates } from "../../bench/cnn-arithmetic.js";
import { SEED_CNN, SMALL_CNN, buildCnn } from "../../components/nn/cnn.js";

describe("the CNN's arithmetic per training step", () => {
  it("uses the sizes the book builds", () => {
    assert.deepEqual(CNN_SIZES.full, { filters: SEED_CNN.filters, dense: SEED_CNN.dense });
    assert.deepEqual(CNN_SIZES.small, { filters: SMALL_CNN.filters, dense: SMALL_CNN.dense });
  });

  it("counts each layer's multiply-adds from the shapes the built model has", () => {
    const model = buildCnn();
    // Each weight is used once per output position (convolutions) or once (dense layers).
    const macs = model.layers.flatMap((layer) => {
      const kernel = layer.getWeights()[0];
      if (!kernel) return [];
      const out = layer.outputShape as number[];
      const positions = out.length === 4 ? out[1] * out[2] : 1;
      return [kernel.size * positions];
    });
    const forward = macs.reduce((a, b) => a + b, 0);
    const a = cnnArithmetic(CNN_SIZES.full);
    assert.equal(a.forward, forward);
    assert.equal(a.forward, 194_688 + 2_230_272 + 204_800 + 1_280);
    // Weight gradients as many as the forward pass; input gradients for all but the first layer.
    assert.equal(a.perSample, 2 * forward + (forward - macs[0]));
    model.dispose();
  });

  it("turns a profile's ms per step into multiply-adds per second", () => {
    const a = cnnArithmetic(CNN_SIZES.full);
    const rates = convolutionRates(a, [{ name: "FusedConv2D", msPerStep: 10 }, { name: "Conv2DBackpropInput", msPerStep: 5 }, { name: "Relu", msPerStep: 1 }], 64);
    assert.deepEqual(rates.map((r) => r.name), ["Conv2D", "Conv2DBackpropInput"]);
    assert.ok(Math.abs(rates[0].gmacs - ((194_688 + 2_230_272) * 64) / 0.01 / 1e9) < 1e-9);
    assert.ok(Math.abs(rates[1].gmacs - (2_230_272 * 64) / 0.005 / 1e9) < 1e-9);
  });
});
