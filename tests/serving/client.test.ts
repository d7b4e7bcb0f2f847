// The server on the page's thread (the fallback when no Worker starts), with a real small
// CNN: answers equal model.predict, the 8-bit canary loads and stays close, a wrong shape
// is refused before sending, closing fails what is still waiting, and no tensor is leaked.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { quantizeUint8 } from "../../components/serving/candidate.js";
import { InputShapeError, startServer } from "../../components/serving/client.js";
import { samplePackage } from "../models/sample.js";

before(async () => {
  await tf.setBackend("cpu");
});

describe("startServer without a Worker", () => {
  it("serves a stored model on the page, batching requests, and says why it is not in a Worker", async () => {
    const { model, pkg } = await samplePackage();
    const tensorsBefore = tf.memory().numTensors;
    const server = await startServer();
    assert.equal(server.where, "page");
    assert.match(server.fallbackReason!, /Worker/);
    const shape = await server.load("v1", pkg.artifacts);
    assert.deepEqual(shape, { inputShape: [28, 28, 1], outputSize: 10 });
    server.configure({ maxBatch: 4, maxWaitMs: 2 });
    const inputs = Array.from({ length: 6 }, (_, i) => Float32Array.from({ length: 784 }, (_, k) => ((i * 31 + k * 7) % 17) / 17));
    const answers = await Promise.all(inputs.map((x) => server.predict("v1", x)));
    const expected = tf.tidy(() => model.predict(tf.tensor4d(Float32Array.from(inputs.flatMap((x) => [...x])), [6, 28, 28, 1])) as tf.Tensor);
    const want = await expected.data();
    expected.dispose();
    answers.forEach((a, i) => a.output.forEach((v, k) => assert.ok(Math.abs(v - want[i * 10 + k]) < 1e-5)));
    assert.ok(answers.some((a) => a.batchSize > 1), "some requests rode in a batch");

    const canary = quantizeUint8(pkg.artifacts);
    assert.equal(canary.bytes * 4, pkg.artifacts.weightData.byteLength);
    await server.load("v2", canary);
    const close = await server.predict("v2", inputs[0]);
    close.output.forEach((v, k) => assert.ok(Math.abs(v - want[k]) < 0.05, `8-bit output ${v} vs ${want[k]}`));

    await assert.rejects(server.predict("v1", new Float32Array(27 * 27)), (e: Error) => e instanceof InputShapeError && /28×28×1 = 784 个数，这个请求有 729 个/.test(e.message));
    await server.unload("v2");
    await assert.rejects(server.predict("v2", inputs[0]), /没有加载模型“v2”/);
    server.close();
    await assert.rejects(server.predict("v1", inputs[0]), /没有加载模型|已关闭/);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(tf.memory().numTensors, tensorsBefore, "the served models' tensors are freed");
    model.dispose();
  });
});
