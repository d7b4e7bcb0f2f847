// The loss scalers' rules: dynamic halves and skips on overflow, doubles after `interval`
// good steps; static never changes; without scaling a non-finite step is still skipped.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dynamicScaling, noScaling, staticScaling } from "../../components/precision/loss-scaling.js";

describe("loss scaling", () => {
  it("dynamic: skip and halve on overflow, double after the interval", () => {
    const scaler = dynamicScaling({ initial: 1024, interval: 3 });
    const trace = [false, false, true, true, true, true, false].map((finite) => [scaler.update(finite), scaler.scale]);
    assert.deepEqual(trace, [[false, 512], [false, 256], [true, 256], [true, 256], [true, 512], [true, 512], [false, 256]]);
  });
  it("static and none keep their scale", () => {
    const fixed = staticScaling(128);
    assert.equal(fixed.update(false), false);
    assert.equal(fixed.update(true), true);
    assert.equal(fixed.scale, 128);
    assert.equal(noScaling().scale, 1);
  });
});
