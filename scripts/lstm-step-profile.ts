// Where one training step of the benchmark's LSTM (3.3's name classifier: embedding 16 →
// LSTM 32 → sigmoid, batch 64, Adam 0.001, fit() as components/bench/throughput.ts runs it)
// goes on WASM in Node (one thread), and whether a change made it faster (issue 24).
//   profile   kernels per step by name (tf.profile, Node's fine clock) and the step's wall time
//             unprofiled, so the time outside kernels is the difference
//   ab        ms per step of benchTraining (the bench's own code) from two checkouts, each rep
//             a fresh process, interleaved A B B A A B …; median and range of each and of B/A
// tsx scripts/lstm-step-profile.ts profile [--steps 200] [--steps-only (only the unprofiled
//   steps, e.g. under node --cpu-prof)]
//   accuracy  3.3's default run with every kernel the browser registers (every training name,
//             4 epochs, batch 64, Adam 0.01): first and last loss, test accuracy
// tsx scripts/lstm-step-profile.ts ab --a DIR --b DIR [--reps 6] [--seconds 2.5]
//   DIR: a checkout (e.g. `git worktree add /tmp/lstm-base <commit>` with node_modules linked).
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { steps: { type: "string", default: "200" }, a: { type: "string" }, b: { type: "string" }, reps: { type: "string", default: "6" }, seconds: { type: "string", default: "2.5" }, root: { type: "string", default: here }, "steps-only": { type: "boolean", default: false } }
});
const command = positionals[0] ?? "profile";
const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const span = (v: number[], d = 2) => `${Math.min(...v).toFixed(d)}–${Math.max(...v).toFixed(d)}`;

/** The book's modules from `root` (so that two checkouts can be compared). */
async function load(root: string) {
  const at = (path: string) => import(pathToFileURL(join(root, path)).href);
  const tf = (await at("node_modules/@book/tf/index.js")) as typeof import("@book/tf");
  await import("@tensorflow/tfjs-backend-wasm");
  (await at("components/backend/wasm-kernels.ts")).registerWasmTrainingKernels();
  (await at("components/backend/fused-adam.ts")).registerFusedAdam();
  (await at("components/backend/fused-lstm.ts")).registerFusedLstm();
  (await at("components/backend/fused-lstm-seq.ts")).registerLstmSequence();
  if (!(await tf.setBackend("wasm"))) throw new Error("no wasm backend");
  const names = await (await at("components/data/names.ts")).loadNames(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "names.json.ts")], { cwd: root, maxBuffer: 64 << 20 }).toString("utf8"));
  const throughput = await at("components/bench/throughput.ts");
  return { tf, names, throughput, fit: (await at("components/train/fit.ts")).fit, rnn: await at("components/nn/rnn-models.ts"), vocab: await at("components/text/vocab.ts") };
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** One rep: benchTraining as the bench runs it (3 warm-up batches, 12 timed, repeated for ≥ seconds). */
async function timeOnce(root: string, seconds: number): Promise<void> {
  const { names, throughput } = await load(root);
  const request = { model: "lstm", size: "full", batchSize: 64, warmupBatches: 3, batches: 12 };
  await throughput.benchTraining({ names }, { ...request, minSeconds: 0.5 }); // JIT warm-up
  const cpu0 = cpuMs();
  const r = await throughput.benchTraining({ names }, { ...request, minSeconds: seconds });
  // This process's CPU time (less disturbed by other load than the clock), over every batch
  // of the run: the 3 warm-up batches and building the model included, the same on both sides.
  const cpuPerStep = (cpuMs() - cpu0) / (r.batches + 3);
  console.log(JSON.stringify({ msPerStep: r.msPerBatch, cpuPerStep, firstLoss: r.firstLoss, lastLoss: r.lastLoss }));
}

async function profile(steps: number): Promise<void> {
  const { tf, names, fit, rnn, vocab: vocabModule } = await load(values.root!);
  const vocab = vocabModule.CharVocab.fromTexts(names.train.names);
  const list = names.train.names.slice(0, 64 * 12);
  const x = vocabModule.encodeBatch(vocab, list, rnn.NAME_LENGTH);
  const y = tf.tensor2d(Array.from(names.train.labels.subarray(0, list.length) as Uint8Array), [list.length, 1]);
  const model = rnn.buildNameClassifier({ vocabSize: vocab.size, units: 32 });
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const epochs = Math.ceil(steps / 12);
  await fit(model, x, y, { epochs: 3, batchSize: 64 });
  const t0 = performance.now();
  const c0 = cpuMs();
  await fit(model, x, y, { epochs, batchSize: 64 });
  const wall = (performance.now() - t0) / (epochs * 12);
  const cpu = (cpuMs() - c0) / (epochs * 12);
  console.log(`unprofiled step ${wall.toFixed(3)} ms wall, ${cpu.toFixed(3)} ms CPU`);
  if (values["steps-only"]) return;
  const info = await tf.profile(async () => void (await fit(model, x, y, { epochs, batchSize: 64 })));
  const by = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    const e = by.get(k.name) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += k.kernelTimeMs as number;
    by.set(k.name, e);
  }
  const n = epochs * 12;
  const total = [...by.values()].reduce((s, e) => s + e.ms, 0) / n;
  console.log(`${info.kernels.length / n} kernels a step, ${total.toFixed(3)} ms inside kernels (profiled); unprofiled step ${wall.toFixed(3)} ms wall, ${cpu.toFixed(3)} ms CPU`);
  for (const [name, e] of [...by].sort((p, q) => q[1].ms - p[1].ms)) console.log(`  ${name.padEnd(28)} ${(e.calls / n).toFixed(1).padStart(5)} calls  ${((e.ms / n) * 1000).toFixed(0).padStart(6)} µs`);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
}

/** 3.3's default run (as scripts/lstm-speed.ts accuracy, but through the sequence kernels). */
async function accuracy(): Promise<void> {
  const { tf, names, fit, rnn, vocab: vocabModule } = await load(values.root!);
  const evaluate = (await import(pathToFileURL(join(values.root!, "components/train/fit.ts")).href)).evaluate;
  const vocab = vocabModule.CharVocab.fromTexts(names.train.names);
  const rows = (split: { names: string[]; labels: Uint8Array }) => ({ x: vocabModule.encodeBatch(vocab, split.names, rnn.NAME_LENGTH), y: tf.tensor2d(Array.from(split.labels.subarray(0, split.names.length)), [split.names.length, 1]) });
  const [train, test] = [rows(names.train), rows(names.test)];
  const model = rnn.buildNameClassifier({ vocabSize: vocab.size });
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const history = await fit(model, train.x, train.y, { epochs: 4, batchSize: 64 });
  const { valAccuracy, valLoss } = await evaluate(model, test.x, test.y);
  // The trained weights' bits, hashed (FNV-1a), so two checkouts can be seen to train the same model.
  let hash = 0x811c9dc5;
  for (const w of model.getWeights()) for (const v of new Int32Array(((await w.data()) as Float32Array).slice().buffer)) hash = Math.imul(hash ^ v, 0x01000193) >>> 0;
  console.log(`first loss ${history.batches[0].loss.toFixed(6)}, last ${history.batches.at(-1)!.loss.toFixed(6)}, test accuracy ${((valAccuracy ?? 0) * 100).toFixed(1)}% (loss ${valLoss.toFixed(6)}), weights' bits hash ${hash.toString(16)}`);
}

if (command === "accuracy") await accuracy();
else if (command === "time") await timeOnce(resolve(values.root!), Number(values.seconds));
else if (command === "profile") await profile(Number(values.steps));
else if (command === "ab") {
  const roots = { A: resolve(values.a!), B: resolve(values.b!) };
  const runs: Record<"A" | "B", { msPerStep: number; cpuPerStep: number; firstLoss: number; lastLoss: number }[]> = { A: [], B: [] };
  const reps = Number(values.reps);
  for (let r = 0; r < reps; r++) {
    for (const side of (r % 2 ? ["B", "A"] : ["A", "B"]) as ("A" | "B")[]) {
      const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "time", "--root", roots[side], "--seconds", values.seconds!], { cwd: roots[side], maxBuffer: 16 << 20 }).toString("utf8");
      runs[side].push(JSON.parse(out.trim().split("\n").at(-1)!));
    }
    console.log(`rep ${r + 1}: A ${runs.A[r].msPerStep.toFixed(3)} ms/step (${runs.A[r].cpuPerStep.toFixed(3)} CPU), B ${runs.B[r].msPerStep.toFixed(3)} ms/step (${runs.B[r].cpuPerStep.toFixed(3)} CPU)`);
  }
  for (const side of ["A", "B"] as const) {
    const ms = runs[side].map((v) => v.msPerStep);
    const cpu = runs[side].map((v) => v.cpuPerStep);
    console.log(`${side} (${roots[side]}): median ${median(ms).toFixed(3)} ms/step (${span(ms, 3)}), ${(64000 / median(ms)).toFixed(0)} samples/s; CPU ${median(cpu).toFixed(3)} ms/step (${span(cpu, 3)}); first batch loss ${runs[side][0].firstLoss.toFixed(6)}`);
  }
  for (const key of ["msPerStep", "cpuPerStep"] as const) {
    const ratio = runs.B.map((v, i) => v[key] / runs.A[i][key]);
    console.log(`B/A ${key === "msPerStep" ? "wall" : "CPU"} time per step: median ${median(ratio).toFixed(3)} (${span(ratio, 3)}) over ${reps} interleaved reps of ≥${values.seconds} s`);
  }
} else throw new Error(`unknown command ${command}`);
