// Times 3.2's CNN on tfjs's WASM backend in Node (one thread: tfjs 4.22 turns WASM threads
// off in Node), for the training kernels in components/backend/wasm-conv.ts:
//   kernels  each gradient kernel (and the forward ones) at the CNN's shapes, batch 64:
//            median and min ms over --reps calls after 3 warm-up calls
//   train    benchTraining (components/bench/throughput.ts): full CNN, batch 64, Adam 0.001,
//            5 warm-up batches, then batches repeated for ≥ --seconds; prints samples/s
// tsx scripts/cnn-speed.ts kernels|train [--reps 15] [--seconds 4] [--kernels-from DIR]
// --kernels-from takes registerWasmTrainingKernels from another checkout (DIR/components/…),
// e.g. an older commit's, so that before/after can be run alternately by a shell loop.
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { loadMnist } from "../components/data/mnist.js";
import { benchTraining, type BenchData } from "../components/bench/throughput.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { reps: { type: "string", default: "15" }, seconds: { type: "string", default: "4" }, "kernels-from": { type: "string", default: root } }
});
const from = pathToFileURL(join(resolve(values["kernels-from"]!), "components", "backend", "wasm-kernels.ts")).href;
const { registerWasmTrainingKernels } = (await import(from)) as { registerWasmTrainingKernels(): string[] };
registerWasmTrainingKernels();
if (!(await tf.setBackend("wasm"))) throw new Error("no wasm backend");

type Inputs = Record<string, tf.Tensor>;
const run = (kernel: string, inputs: Inputs, attrs: object) => tf.engine().runKernel(kernel, inputs, attrs as never) as tf.Tensor | tf.Tensor[];

function time(label: string, f: () => tf.Tensor | tf.Tensor[], reps: number): void {
  const ms: number[] = [];
  for (let i = 0; i < reps + 3; i++) {
    const start = performance.now();
    const out = f();
    const elapsed = performance.now() - start;
    tf.dispose(out);
    if (i >= 3) ms.push(elapsed);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} median ${ms[Math.floor(ms.length / 2)].toFixed(2)} ms, min ${ms[0].toFixed(2)} ms`);
}

function kernels(reps: number): void {
  const r = (shape: number[]) => tf.randomNormal(shape, 0, 1, "float32", 1);
  const [x1, dy1, w1] = [r([64, 28, 28, 1]), r([64, 26, 26, 32]), r([3, 3, 1, 32])];
  const [x2, dy2, w2] = [r([64, 13, 13, 32]), r([64, 11, 11, 64]), r([3, 3, 32, 64])];
  const conv = { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1] };
  const pool = { filterSize: [2, 2], strides: [2, 2], pad: "valid" };
  const [a1, pdy1] = [tf.relu(r([64, 26, 26, 32])), r([64, 13, 13, 32])];
  const [a2, pdy2] = [tf.relu(r([64, 11, 11, 64])), r([64, 5, 5, 64])];
  time("Conv2D conv1 [64,28,28,1]→32", () => run("Conv2D", { x: x1, filter: w1 }, conv), reps);
  time("Conv2D conv2 [64,13,13,32]→64", () => run("Conv2D", { x: x2, filter: w2 }, conv), reps);
  time("Conv2DBackpropFilter conv1", () => run("Conv2DBackpropFilter", { x: x1, dy: dy1 }, { ...conv, filterShape: [3, 3, 1, 32] }), reps);
  time("Conv2DBackpropFilter conv2", () => run("Conv2DBackpropFilter", { x: x2, dy: dy2 }, { ...conv, filterShape: [3, 3, 32, 64] }), reps);
  time("Conv2DBackpropInput conv2", () => run("Conv2DBackpropInput", { dy: dy2, filter: w2 }, { ...conv, inputShape: [64, 13, 13, 32] }), reps);
  time("MaxPoolGrad pool1 [64,26,26,32]", () => run("MaxPoolGrad", { dy: pdy1, input: a1, output: pdy1 }, pool), reps);
  time("MaxPoolGrad pool2 [64,11,11,64]", () => run("MaxPoolGrad", { dy: pdy2, input: a2, output: pdy2 }, pool), reps);
  tf.dispose([x1, dy1, w1, x2, dy2, w2, a1, pdy1, a2, pdy2]);
}

async function train(seconds: number): Promise<void> {
  const mnist = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
  const data = { mnist } as BenchData; // names are only for the LSTM
  const result = await benchTraining(data, { model: "cnn", size: "full", batchSize: 64, warmupBatches: 5, batches: 30, minSeconds: seconds });
  console.log(`train cnn wasm(1 thread) ${result.samplesPerSecond.toFixed(0)} samples/s over ${result.batches} batches; loss ${result.firstLoss.toFixed(3)} → ${result.lastLoss.toFixed(3)}`);
}

const mode = positionals[0] ?? "kernels";
if (mode === "kernels") kernels(Number(values.reps));
else if (mode === "train") await train(Number(values.seconds));
else throw new Error(`unknown mode ${mode}: kernels | train`);
