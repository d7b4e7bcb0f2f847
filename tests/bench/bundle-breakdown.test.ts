import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { breakdown, packageOf } from "../../bench/bundle-breakdown.js";

describe("bundle breakdown", () => {
  it("groups a metafile's inputs by package, and book modules by folder", () => {
    assert.equal(packageOf("node_modules/@tensorflow/tfjs-core/dist/ops/add.js"), "@tensorflow/tfjs-core");
    assert.equal(packageOf("node_modules/long/index.js"), "long");
    assert.equal(packageOf("components/backend/startup.ts"), "components/backend");
    const meta = { outputs: { "browser.js": { inputs: { "node_modules/long/index.js": { bytesInOutput: 10 }, "node_modules/long/src/x.js": { bytesInOutput: 5 }, "components/nn/cnn.ts": { bytesInOutput: 7 }, "node_modules/unused/i.js": { bytesInOutput: 0 } } } } };
    assert.deepEqual([...breakdown(meta).entries()], [["long", 15], ["components/nn", 7]]);
  });
});
