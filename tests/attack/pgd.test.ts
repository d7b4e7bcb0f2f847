// 第6章 attacks: PGD stays inside the ε-ball and [0, 1], FGSM and PGD lower the reference
// model's accuracy (PGD at least as much), targeted PGD reaches its target, bad settings are
// refused in Chinese, and adversarial training returns new weights without leaking tensors.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { mnistTensors } from "../../components/data/mnist.js";
import { trainAdversarially } from "../../components/attack/adversarial-training.js";
import { attackSettingsError, fgsm, pgd } from "../../components/attack/pgd.js";
import { accuracyVsEpsilon, countCorrect } from "../../components/attack/robust-accuracy.js";
import { cnnLogits, copyCnnWeights, disposeWeights } from "../../components/explain/cnn-function.js";
import { referenceModel, testDigits, mnistSplits } from "../explain/reference-model.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"));
});
after(async () => {
  await tf.setBackend("cpu");
});

describe("pgd and fgsm", () => {
  it("stay inside the ε-ball and [0, 1], and fool the reference model", async () => {
    const book = await referenceModel();
    const weights = copyCnnWeights(book.model);
    const logits = (x: tf.Tensor4D) => cnnLogits(weights, x);
    const test = mnistTensors(await testDigits(), { limit: 100 });
    const labels = tf.tensor1d(test.labels, "int32");
    const start = tf.memory().numTensors;
    for (const epsilon of [0.05, 0.2]) {
      for (const attacked of [pgd(logits, test.x, labels, { epsilon, steps: 5, stepSize: epsilon / 2 }), fgsm(logits, test.x, labels, { epsilon })]) {
        const [distance, low, high] = tf.tidy(() => [attacked.sub(test.x).abs().max(), attacked.min(), attacked.max()]);
        assert.ok((await distance.data())[0] <= epsilon + 1e-6, `‖δ‖∞ ≤ ${epsilon}`);
        assert.ok((await low.data())[0] >= 0 && (await high.data())[0] <= 1, "pixels stay in [0, 1]");
        tf.dispose([attacked, distance, low, high]);
      }
    }
    assert.equal(tf.memory().numTensors, start, "no tensor left behind");
    const clean = await countCorrect(logits, test.x, labels);
    const curves = await accuracyVsEpsilon(logits, test.x, labels, [0, 0.2], { steps: 10 });
    assert.equal(curves.fgsm[0].accuracy, clean / 100);
    assert.ok(curves.fgsm[1].accuracy < clean / 100 - 0.2, `FGSM ε=0.2: ${curves.fgsm[1].accuracy}`);
    assert.ok(curves.pgd[1].accuracy <= curves.fgsm[1].accuracy, `PGD ${curves.pgd[1].accuracy} vs FGSM ${curves.fgsm[1].accuracy}`);
    const targets = tf.fill([100], 3, "int32") as tf.Tensor1D;
    const towards3 = pgd(logits, test.x, labels, { epsilon: 0.3, steps: 20, stepSize: 0.03, targets });
    assert.ok((await countCorrect(logits, towards3, targets)) > 50, "targeted PGD makes most digits read as 3");
    tf.dispose([targets, towards3, labels]);
    test.dispose();
    disposeWeights(weights);
    book.dispose();
  });

  it("refuses bad settings with a Chinese message", () => {
    assert.match(attackSettingsError({ epsilon: -0.1 }) ?? "", /ε 必须在 0 到 1 之间/);
    assert.match(attackSettingsError({ epsilon: 1.5 }) ?? "", /ε 必须在 0 到 1 之间/);
    assert.match(attackSettingsError({ epsilon: 0.1, steps: 0 }) ?? "", /迭代次数必须是正整数/);
    assert.equal(attackSettingsError({ epsilon: 0.1, steps: 3, stepSize: 0.01 }), null);
    const x = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    const y = tf.tensor1d([0], "int32");
    assert.throws(() => fgsm((t) => t.reshape([1, 784]).slice([0, 0], [1, 10]) as tf.Tensor2D, x, y, { epsilon: 2 }), /ε 必须在 0 到 1 之间/);
    tf.dispose([x, y]);
  });
});

describe("trainAdversarially", () => {
  it("trains copies (the start weights stay as they were) and leaks nothing", async () => {
    const book = await referenceModel();
    const weights = copyCnnWeights(book.model);
    const train = mnistTensors((await mnistSplits()).train, { limit: 256 });
    const labels = tf.tensor1d(train.labels, "int32");
    const before = await weights.output[0].data();
    const start = tf.memory().numTensors;
    const losses: number[] = [];
    const trained = await trainAdversarially(weights, train.x, labels, { epsilon: 0.2, steps: 3, batchSize: 16, onStep: (_, loss) => losses.push(loss) });
    assert.equal(losses.length, 3);
    assert.ok(losses.every(Number.isFinite));
    assert.deepEqual(await weights.output[0].data(), before, "the start weights are not modified");
    disposeWeights(trained);
    assert.equal(tf.memory().numTensors, start, "no tensor left behind");
    await assert.rejects(() => trainAdversarially(weights, train.x, labels, { epsilon: -1, steps: 3 }), /ε 必须在 0 到 1 之间/);
    tf.dispose(labels);
    train.dispose();
    disposeWeights(weights);
    book.dispose();
  });
});
