// Measures 3.3's name classifier with tf.layers.lstm against fast-lstm.ts, in Node:
//   counts    kernels (tf.profile) and backend write calls per training step (batch 64)
//   speed     training samples/s, the two layers interleaved (ABAB…), each run ≥ --seconds
//   accuracy  the page's default run (every training name, 4 epochs, batch 64, Adam 0.01)
// tsx scripts/lstm-speed.ts counts|speed|accuracy [--backend wasm|cpu] [--reps 5] [--seconds 3]
//   [--layers tfjs,fast,fused] [--pytorch (speed: bench/pytorch_reference.py's same model on
//   the same names, 1 thread, interleaved with ours; needs /usr/bin/python3 with torch)]
// WASM runs on one thread here (Node, no cross-origin isolation).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { registerFusedLstm, unregisterFusedLstm } from "../components/backend/fused-lstm.js";
import { registerWasmTrainingKernels } from "../components/backend/wasm-kernels.js";
import { loadNames, type NamesData } from "../components/data/names.js";
import { buildNameClassifier, NAME_LENGTH } from "../components/nn/rnn-models.js";
import { CharVocab, encodeBatch } from "../components/text/vocab.js";
import { evaluate, fit } from "../components/train/fit.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { backend: { type: "string", default: "wasm" }, reps: { type: "string", default: "5" }, seconds: { type: "string", default: "3" }, layers: { type: "string", default: "tfjs,fast,fused" }, pytorch: { type: "boolean", default: false } } });
/** tf.layers.lstm, FastLstm on its unfused ops, FastLstm with the fused step kernels. */
type Layer = "tfjs" | "fast" | "fused";
const LAYERS = values.layers!.split(",") as Layer[];
const BATCH = 64;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const names: NamesData = await loadNames(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "names.json.ts")], { cwd: root, maxBuffer: 64 << 20 }).toString("utf8"));
const vocab = CharVocab.fromTexts(names.train.names);
registerWasmTrainingKernels();
if (!(await tf.setBackend(values.backend!))) throw new Error(`no ${values.backend} backend`);

function rows(split: NamesData["train"], count = split.names.length) {
  const list = split.names.slice(0, count);
  return { x: encodeBatch(vocab, list, NAME_LENGTH), y: tf.tensor2d(Array.from(split.labels.subarray(0, list.length)), [list.length, 1]) };
}

function classifier(layer: Layer) {
  if (layer === "fused") registerFusedLstm();
  else unregisterFusedLstm();
  const model = buildNameClassifier({ vocabSize: vocab.size, lstm: layer === "tfjs" ? "tfjs" : "fast" });
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: "binaryCrossentropy", metrics: ["accuracy"] });
  return { model, dispose: () => (model.dispose(), optimizer.dispose()) };
}

/** Kernels and backend.write calls per trainOnBatch, over 5 steps after 2 warm-up steps. */
async function counts(layer: Layer) {
  const { model, dispose } = classifier(layer);
  const { x, y } = rows(names.train, BATCH);
  for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
  const backend = tf.backend() as unknown as { write(values: unknown, ...rest: unknown[]): unknown };
  let [writes, uploads] = [0, 0];
  const write = backend.write;
  backend.write = function (data: unknown, ...rest: unknown[]) {
    writes++;
    if (data != null) uploads++;
    return write.call(this, data, ...rest);
  };
  const steps = 5;
  try {
    const profile = await tf.profile(async () => {
      for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
    });
    const byName = new Map<string, number>();
    const msByName = new Map<string, number>();
    for (const k of profile.kernels) {
      byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
      msByName.set(k.name, (msByName.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    }
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, n]) => `${name} ${n / steps}`);
    const totalMs = [...msByName.values()].reduce((a, b) => a + b, 0);
    const slow = [...msByName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, ms]) => `${name} ${Math.round((100 * ms) / totalMs)}%`);
    console.log(`  ${(totalMs / steps).toFixed(1)} ms a step inside kernels: ${slow.join(", ")}`);
    console.log(`${tf.getBackend()} ${layer}: ${profile.kernels.length / steps} kernels, ${writes / steps} backend writes (${uploads / steps} with values from JS) per step; ${top.join(", ")}`);
  } finally {
    delete (backend as Partial<typeof backend>).write; // the prototype's method again
    tf.dispose([x, y]);
    dispose();
  }
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** samples/s of fit() on the first 2,048 training names, repeated until `seconds` passed,
 * and this process's CPU milliseconds per batch (less disturbed by other load on the host). */
async function speed(layer: Layer, seconds: number): Promise<{ rate: number; cpuPerBatch: number }> {
  const { model, dispose } = classifier(layer);
  const { x, y } = rows(names.train, 2048);
  const warm = tf.tidy(() => [x.slice(0, 5 * BATCH), y.slice(0, 5 * BATCH)]);
  await fit(model, warm[0], warm[1], { epochs: 1, batchSize: BATCH });
  let [samples, start, cpuStart] = [0, performance.now(), cpuMs()];
  while (performance.now() - start < seconds * 1000) {
    await fit(model, x, y, { epochs: 1, batchSize: BATCH });
    samples += x.shape[0];
  }
  const rate = samples / ((performance.now() - start) / 1000);
  const cpuPerBatch = (cpuMs() - cpuStart) / (samples / BATCH);
  tf.dispose([x, y, ...warm]);
  dispose();
  return { rate, cpuPerBatch };
}

/** PyTorch's samples/s for the same model and names on 1 thread (bench/pytorch_reference.py). */
function pytorchRate(seconds: number): number {
  const { x, y } = rows(names.train, 2048);
  const file = join(tmpdir(), "lstm-speed-names.u8");
  writeFileSync(file, Buffer.concat([Buffer.from(Uint8Array.from(x.dataSync())), Buffer.from(Uint8Array.from(y.dataSync()))]));
  tf.dispose([x, y]);
  const args = ["lstm", file, "2048", String(BATCH), "5", "32", "full", String(vocab.size), "cpu", String(seconds), "1"];
  const out = execFileSync("/usr/bin/python3", [join(root, "bench", "pytorch_reference.py"), ...args]).toString("utf8");
  return (JSON.parse(out) as { samplesPerSecond: number }).samplesPerSecond;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const span = (v: number[]) => `${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))}`;

const command = positionals[0] ?? "counts";
if (command === "counts") for (const layer of LAYERS) await counts(layer);
else if (command === "speed") {
  const reps = Number(values.reps);
  const rates = new Map<Layer, number[]>(LAYERS.map((l) => [l, []]));
  const cpu = new Map<Layer, number[]>(LAYERS.map((l) => [l, []]));
  const torch: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const layer of r % 2 ? [...LAYERS].reverse() : LAYERS) {
      const { rate, cpuPerBatch } = await speed(layer, Number(values.seconds));
      rates.get(layer)!.push(rate);
      cpu.get(layer)!.push(cpuPerBatch);
    }
    if (values.pytorch) torch.push(pytorchRate(Number(values.seconds)));
    console.log(`rep ${r + 1} (load ${loadavg()[0].toFixed(2)}): ${LAYERS.map((l) => `${l} ${Math.round(rates.get(l)![r])} samples/s, ${cpu.get(l)![r].toFixed(1)} CPU ms/batch`).join("; ")}${values.pytorch ? `; PyTorch (1 thread) ${Math.round(torch[r])}` : ""}`);
  }
  if (values.pytorch) {
    console.log(`PyTorch 1 thread median ${Math.round(median(torch))} (${span(torch)}) samples/s`);
    for (const l of LAYERS) {
      const ratios = rates.get(l)!.map((v, i) => v / torch[i]);
      console.log(`${l} / PyTorch: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
    }
  }
  console.log(`${tf.getBackend()}, batch ${BATCH}, ${reps} × ≥${values.seconds} s each, interleaved: ${LAYERS.map((l) => `${l} median ${Math.round(median(rates.get(l)!))} (${span(rates.get(l)!)}) samples/s, ${median(cpu.get(l)!).toFixed(1)} CPU ms/batch`).join("; ")}`);
  for (const l of LAYERS.slice(1)) {
    const ratios = rates.get(l)!.map((v, i) => v / rates.get(LAYERS[0])![i]);
    console.log(`${l} / ${LAYERS[0]}: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
  }
} else if (command === "accuracy") {
  for (const layer of LAYERS) {
    const { model, dispose } = classifier(layer);
    const train = rows(names.train);
    const test = rows(names.test);
    const history = await fit(model, train.x, train.y, { epochs: 4, batchSize: BATCH });
    const { valAccuracy, valLoss } = await evaluate(model, test.x, test.y);
    console.log(`${tf.getBackend()} ${layer}: first loss ${history.batches[0].loss.toFixed(6)}, last ${history.batches.at(-1)!.loss.toFixed(4)}, test accuracy ${((valAccuracy ?? 0) * 100).toFixed(1)}% (loss ${valLoss.toFixed(4)}), ${Math.round(history.samplesPerSecond)} samples/s`);
    tf.dispose([train.x, train.y, test.x, test.y]);
    dispose();
  }
} else throw new Error(`unknown command ${command}`);
