// 3.5's Transformer trained through the fused kernels (transformer-step.ts and
// components/backend/fused-transformer.ts) against the book's plain formulation
// (TinyTransformer.loss: forward() + tf.losses.softmaxCrossEntropy, autodiff): the same
// loss, accuracy and gradient of every weight to 1e-5, on cpu and wasm, with and without
// 3.6's loss weights and padding; the training step leaks nothing and runs few kernels.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { FUSED_TRANSFORMER_KERNELS, registerFusedTransformerKernels } from "../../components/backend/fused-transformer.js";
import { TinyTransformer } from "../../components/nn/transformer.js";
import { fusedLoss, fusedStepAvailable, type StepOptions } from "../../components/nn/transformer-step.js";
import { scaledDotProductAttention } from "../../components/nn/attention.js";
import { minimizeStep } from "../../components/util/minimize-step.js";
import { reverseTask } from "../../components/data/sequence-tasks.js";
import { seededRandom } from "../../components/data/synthetic.js";

const CONFIG = { vocab: 10, length: 8, d: 32, heads: 2, layers: 2, ffn: 64, seed: 5 };

before(async () => {
  registerWasmTrainingKernels();
  registerFusedTransformerKernels();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  await tf.setBackend("cpu");
});

interface Result {
  loss: number;
  accuracy: number;
  grads: Float32Array[];
}

/** Loss, accuracy and the gradient of every variable of `model`, by either formulation. */
async function lossAndGrads(model: TinyTransformer, ids: tf.Tensor2D, targets: tf.Tensor2D, options: StepOptions, fused: boolean): Promise<Result> {
  const kept: tf.Tensor[] = [];
  let accuracy: tf.Scalar | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const result = fused ? fusedLoss(model, ids, targets, options, kept) : model.loss(ids, targets, options);
    accuracy = tf.keep(result.accuracy);
    return result.loss;
  }, model.variables);
  tf.dispose(kept);
  const out = { loss: (await value.data())[0], accuracy: (await accuracy!.data())[0], grads: await Promise.all(model.variables.map(async (v) => (await grads[v.name].data()) as Float32Array)) };
  tf.dispose([value, accuracy!, ...Object.values(grads)]);
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function assertSame(fused: Result, plain: Result, what: string) {
  assert.ok(Math.abs(fused.loss - plain.loss) <= 1e-5, `${what}: loss ${fused.loss} vs ${plain.loss}`);
  assert.ok(Math.abs(fused.accuracy - plain.accuracy) <= 1e-6, `${what}: accuracy ${fused.accuracy} vs ${plain.accuracy}`);
  assert.equal(fused.grads.length, plain.grads.length);
  fused.grads.forEach((g, i) => {
    const diff = maxDiff(g, plain.grads[i]);
    assert.ok(diff <= 1e-5, `${what}: gradient ${i} differs by ${diff}`);
  });
  assert.ok(plain.grads.every((g) => g.some((v) => v !== 0)), `${what}: every weight gets a gradient`);
}

/** Weights 0/1 and padding at the ends of some rows, as 3.6's masked-token training uses. */
function maskedOptions(batch: number, length: number): StepOptions {
  const random = seededRandom(9);
  const padding = Float32Array.from({ length: batch * length }, (_, i) => (i % length >= length - (Math.floor(i / length) % 3) ? 0 : 1));
  const weights = Float32Array.from(padding, (p) => (p && random() < 0.4 ? 1 : 0));
  return { padding: tf.tensor2d(padding, [batch, length]), weights: tf.tensor2d(weights, [batch, length]) };
}

for (const backend of ["cpu", "wasm"]) {
  describe(`fused Transformer loss on ${backend}`, () => {
    before(async () => {
      await tf.setBackend(backend);
    });

    it("has every kernel it needs registered", () => {
      assert.ok(fusedStepAvailable());
    });

    it("gives the plain formulation's loss, accuracy and gradients", async () => {
      const model = new TinyTransformer(CONFIG);
      const data = reverseTask(16, 8, { seed: 4 });
      const before = tf.memory().numTensors;
      assertSame(await lossAndGrads(model, data.x as tf.Tensor2D, data.y as tf.Tensor2D, {}, true), await lossAndGrads(model, data.x as tf.Tensor2D, data.y as tf.Tensor2D, {}, false), "plain");
      assert.equal(tf.memory().numTensors, before, "no tensor leak");
      data.dispose();
      model.dispose();
    });

    it("with loss weights and padding (3.6)", async () => {
      const model = new TinyTransformer({ ...CONFIG, layers: 1, length: 10, seed: 6 });
      const data = reverseTask(12, 7, { seed: 8 }); // shorter than the model's length
      const options = maskedOptions(12, 7);
      assertSame(await lossAndGrads(model, data.x as tf.Tensor2D, data.y as tf.Tensor2D, options, true), await lossAndGrads(model, data.x as tf.Tensor2D, data.y as tf.Tensor2D, options, false), "masked");
      tf.dispose([options.padding!, options.weights!]);
      data.dispose();
      model.dispose();
    });

    it("trains like the plain formulation, leaking nothing, in few kernels", async () => {
      const data = reverseTask(32, 8, { seed: 3 });
      const [x, y] = [data.x as tf.Tensor2D, data.y as tf.Tensor2D];
      const models = [new TinyTransformer(CONFIG), new TinyTransformer(CONFIG)];
      const optimizers = [tf.train.adam(0.003), tf.train.adam(0.003)];
      for (let step = 0; step < 3; step++) {
        const fused = await models[0].trainStep(optimizers[0], x, y);
        const plain = await minimizeStep(optimizers[1], models[1].variables, () => models[1].loss(x, y));
        assert.ok(Math.abs(fused.loss - plain.loss) <= 1e-4, `step ${step}: loss ${fused.loss} vs ${plain.loss}`);
      }
      const settled = tf.memory().numTensors;
      await models[0].trainStep(optimizers[0], x, y);
      assert.equal(tf.memory().numTensors, settled, "a step leaves no tensor behind");
      const profile = await tf.profile(() => {
        const kept: tf.Tensor[] = [];
        const { value, grads } = tf.variableGrads(() => fusedLoss(models[0], x, y, {}, kept).loss, models[0].variables);
        tf.dispose([value, ...Object.values(grads), ...kept]);
      });
      assert.ok(profile.kernels.length <= 100, `forward + backward in ${profile.kernels.length} kernels`);
      models.forEach((m) => m.dispose());
      optimizers.forEach((o) => o.dispose());
      data.dispose();
    });

    it("falls back to the plain ops where the kernels are missing (as on webgl)", async () => {
      const data = reverseTask(16, 8, { seed: 7 });
      const losses: number[] = [];
      for (const registered of [false, true]) {
        if (!registered) for (const k of FUSED_TRANSFORMER_KERNELS) tf.unregisterKernel(k.name, backend);
        else registerFusedTransformerKernels();
        assert.equal(fusedStepAvailable(), registered);
        const model = new TinyTransformer(CONFIG);
        const optimizer = tf.train.sgd(0.1);
        const before = tf.memory().numTensors;
        await model.trainStep(optimizer, data.x as tf.Tensor2D, data.y as tf.Tensor2D);
        losses.push((await model.trainStep(optimizer, data.x as tf.Tensor2D, data.y as tf.Tensor2D)).loss);
        assert.equal(tf.memory().numTensors, before, "no tensor leak");
        model.dispose();
        optimizer.dispose();
      }
      assert.ok(Math.abs(losses[0] - losses[1]) <= 1e-5, `second-step loss ${losses[0]} (plain) vs ${losses[1]} (fused)`);
      data.dispose();
    });

    it("attention kernel with causal and padding masks matches scaledDotProductAttention", async () => {
      const random = seededRandom(12);
      const [b, t, heads, dh] = [3, 5, 2, 4];
      const d = heads * dh;
      const qkv = tf.tensor2d(Float32Array.from({ length: b * t * 3 * d }, () => random() * 2 - 1), [b * t, 3 * d]);
      const padding = tf.tensor2d([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0], [b, t]);
      const [fusedCtx, fusedWeights] = tf.engine().runKernel("BookAttention", { qkv, padding }, { batch: b, heads, causal: true, scale: true }) as tf.Tensor[];
      const plain = tf.tidy(() => {
        const split = (i: number) => qkv.slice([0, i * d], [b * t, d]).reshape([b, t, heads, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
        const out = scaledDotProductAttention(split(0), split(1), split(2), { causal: true, padding });
        return [out.output.transpose([0, 2, 1, 3]).reshape([b * t, d]), out.weights];
      });
      assert.ok(maxDiff((await fusedCtx.data()) as Float32Array, (await plain[0].data()) as Float32Array) <= 1e-6);
      assert.ok(maxDiff((await fusedWeights.data()) as Float32Array, (await plain[1].data()) as Float32Array) <= 1e-6);
      tf.dispose([qkv, padding, fusedCtx, fusedWeights, ...plain]);
    });
  });
}
