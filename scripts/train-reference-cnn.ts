// Trains the book's reference CNN and writes data/reference-cnn.dlmodel, which the site
// ships: the model later chapters use when the reader has not saved a 3.2 CNN of their own.
//   npx tsx scripts/train-reference-cnn.ts [--epochs 4] [--out data/reference-cnn.dlmodel]
// Same architecture (buildCnn(SEED_CNN), init seed 1) and recipe as the 3.2 page at full
// size: all 8,000 training digits, 4 epochs, batch 64, Adam 0.001, shuffle seed 1, on
// tfjs's WASM backend in Node with the book's training kernels. Then it measures accuracy on
// the 2,000 test digits and writes it into the card; tests/models/reference-cnn.test.ts
// checks the shipped file against the test set again. Training is deterministic: a rerun
// gives bit-identical weights (seen 2026-12-04: 0 of 900,136 bytes differed); only the
// card's date and training seconds change.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../components/backend/wasm-kernels.js";
import { loadMnist, mnistTensors } from "../components/data/mnist.js";
import { buildCnn, SEED_CNN } from "../components/nn/cnn.js";
import { fit } from "../components/train/fit.js";
import { accuracy, predictClasses } from "../components/train/classification.js";
import { packageModel } from "../components/models/artifacts.js";
import { encodeBundle } from "../components/models/bundle.js";
import { cnnCard, REFERENCE_CNN_FILE, REFERENCE_CNN_NAME } from "../components/models/book-cnn.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { epochs: { type: "string", default: "4" }, out: { type: "string", default: REFERENCE_CNN_FILE } } });
const epochs = Number(values.epochs);

registerWasmTrainingKernels();
if (!(await tf.setBackend("wasm"))) throw new Error("tfjs's WASM backend did not start");
const mnist = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
const train = mnistTensors(mnist.train);
const test = mnistTensors(mnist.test);

const model = buildCnn({ ...SEED_CNN, seed: 1 });
const optimizer = tf.train.adam(0.001);
model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
const start = performance.now();
const history = await fit(model, train.x, train.y, {
  epochs,
  batchSize: 64,
  seed: 1,
  onEpochEnd: (log) => console.log(`epoch ${log.epoch}: loss ${log.loss.toFixed(4)}, accuracy ${((log.accuracy ?? 0) * 100).toFixed(2)}%`)
});
const seconds = (performance.now() - start) / 1000;
const { predicted } = await predictClasses(model, test.x);
const testAccuracy = accuracy(test.labels, predicted);
console.log(`trained ${epochs} epochs on ${train.labels.length} digits in ${seconds.toFixed(1)} s (${history.samplesPerSecond.toFixed(0)} samples/s, ${tf.getBackend()}); test accuracy ${(testAccuracy * 100).toFixed(2)}% on ${test.labels.length} digits`);

const card = cnnCard(model, {
  name: REFERENCE_CNN_NAME,
  trainingSize: train.labels.length,
  testAccuracy,
  testSize: test.labels.length,
  measuredBy: "scripts/train-reference-cnn.ts",
  backend: `${tf.getBackend()}（Node）`,
  trainingSeconds: Math.round(seconds * 10) / 10,
  notes: `本书附带的参考模型：与 3.2 节同样的结构和训练方法（${epochs} 轮、批大小 64、Adam 学习率 0.001、初始化与打乱的种子都是 1），由 scripts/train-reference-cnn.ts 训练。`
});
const file = encodeBundle(await packageModel(model, { ...card, version: 1, createdAt: new Date().toISOString() }));
writeFileSync(resolve(root, values.out!), file);
console.log(`wrote ${values.out}: ${file.length.toLocaleString("en-US")} bytes (${model.countParams().toLocaleString("en-US")} parameters × 4 = ${(model.countParams() * 4).toLocaleString("en-US")} bytes of weights)`);
model.dispose();
optimizer.dispose();
train.dispose();
test.dispose();
