// The server's message loop with a fake executor: predictions come back per request with
// their batch size, wrong shapes and unknown versions get Chinese errors, unload cancels.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FromServer } from "../../components/serving/protocol.js";
import { ServerCore, type Executor } from "../../components/serving/server-core.js";

function setup() {
  const calls: number[] = [];
  const executor: Executor = {
    load: async () => ({ inputShape: [2, 2, 1], outputSize: 2 }),
    unload: () => undefined,
    // output of example i: [sum of its inputs, count]
    predict: async (_model, inputs, count) => {
      calls.push(count);
      const out = new Float32Array(count * 2);
      for (let i = 0; i < count; ++i) out.set([inputs.subarray(i * 4, i * 4 + 4).reduce((a, b) => a + b, 0), count], i * 2);
      return out;
    }
  };
  const messages: FromServer[] = [];
  const core = new ServerCore(executor, (m) => messages.push(m));
  return { core, messages, calls };
}

const artifacts = { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) };

describe("ServerCore", () => {
  it("batches requests to one model and answers each with its own output", async () => {
    const { core, messages, calls } = setup();
    await core.handle({ type: "configure", maxBatch: 4, maxWaitMs: 0 });
    await core.handle({ type: "load", id: 1, modelId: "v1", artifacts });
    assert.deepEqual(messages.at(-1), { type: "loaded", id: 1, modelId: "v1", inputShape: [2, 2, 1], outputSize: 2 });
    await Promise.all([10, 11, 12].map((id, k) => core.handle({ type: "predict", id, modelId: "v1", input: new Float32Array(4).fill(k) })));
    const answers = messages.filter((m) => m.type === "prediction") as Extract<FromServer, { type: "prediction" }>[];
    assert.deepEqual(answers.map((a) => [a.id, a.output[0]]).sort(), [[10, 0], [11, 4], [12, 8]]);
    assert.equal(calls.reduce((a, b) => a + b, 0), 3);
    for (const a of answers) assert.equal(a.output[1], a.batchSize);
  });

  it("refuses a wrong shape and an unknown version with a Chinese message", async () => {
    const { core, messages } = setup();
    await core.handle({ type: "load", id: 1, modelId: "v1", artifacts });
    await core.handle({ type: "predict", id: 2, modelId: "v1", input: new Float32Array(5) });
    assert.match((messages.at(-1) as { message: string }).message, /输入形状不对：模型要求 2×2×1 = 4 个数，这个请求有 5 个/);
    await core.handle({ type: "predict", id: 3, modelId: "v9", input: new Float32Array(4) });
    assert.match((messages.at(-1) as { message: string }).message, /服务器上没有模型“v9”.*已加载：v1/);
    await core.handle({ type: "unload", id: 4, modelId: "v1" });
    await core.handle({ type: "predict", id: 5, modelId: "v1", input: new Float32Array(4) });
    assert.match((messages.at(-1) as { message: string }).message, /没有模型“v1”/);
  });
});
