// Times 3.2's CNN on tfjs's WASM backend in Node (one thread: tfjs 4.22 turns WASM threads
// off in Node), for the training kernels in components/backend/wasm-conv.ts:
//   kernels  each gradient kernel (and the forward ones) at the CNN's shapes, batch 64:
//            median and min ms over --reps calls after 3 warm-up calls
//   train    benchTraining (components/bench/throughput.ts): full CNN, batch 64, Adam 0.001,
//            5 warm-up batches, then batches repeated for ≥ --seconds; prints samples/s;
//            then the same model and recipe step by step (trainOnBatch), timed by this
//            process's CPU time as well as the clock: on a shared, overloaded machine the
//            clock mostly measures the other processes, the CPU time much less so
// Every figure is given both ways: wall (clock) and cpu (process.cpuUsage, user + system).
// tsx scripts/cnn-speed.ts kernels|train [--reps 15] [--seconds 4] [--kernels-from DIR]
// --kernels-from takes registerWasmTrainingKernels from another checkout (DIR/components/…),
// e.g. an older commit's, so that before/after can be run alternately by a shell loop.
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { loadMnist, mnistTensors } from "../components/data/mnist.js";
import { buildCnn, SEED_CNN } from "../components/nn/cnn.js";
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

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const fixed = (v: number[]) => `median ${median(v).toFixed(2)} min ${Math.min(...v).toFixed(2)}`;

/** f's wall and CPU ms, after 3 warm-up calls, each call on fresh copies of `inputs` made
 * outside the timing: the backend caches XNNPACK operators (with their packed weights) per
 * tensor, and in training every step's dy is a new tensor. */
function measure(f: (fresh: Inputs) => void, reps: number, inputs: Inputs = {}): { wall: number[]; cpu: number[] } {
  const [wall, cpu]: number[][] = [[], []];
  for (let i = 0; i < reps + 3; i++) {
    const fresh = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tf.add(t, 0)]));
    const [w0, c0] = [performance.now(), cpuMs()];
    f(fresh);
    if (i >= 3) (wall.push(performance.now() - w0), cpu.push(cpuMs() - c0));
    tf.dispose(Object.values(fresh));
  }
  return { wall, cpu };
}

function time(label: string, kernel: string, inputs: Inputs, attrs: object, reps: number): void {
  const { wall, cpu } = measure((fresh) => tf.dispose(run(kernel, fresh, attrs)), reps, inputs);
  console.log(`${label.padEnd(36)} wall ${fixed(wall)} ms; cpu ${fixed(cpu)} ms`);
}

function kernels(reps: number): void {
  const r = (shape: number[]) => tf.randomNormal(shape, 0, 1, "float32", 1);
  const [x1, dy1, w1] = [r([64, 28, 28, 1]), r([64, 26, 26, 32]), r([3, 3, 1, 32])];
  const [x2, dy2, w2] = [r([64, 13, 13, 32]), r([64, 11, 11, 64]), r([3, 3, 32, 64])];
  const conv = { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1] };
  const pool = { filterSize: [2, 2], strides: [2, 2], pad: "valid" };
  const [a1, pdy1] = [tf.relu(r([64, 26, 26, 32])), r([64, 13, 13, 32])];
  const [a2, pdy2] = [tf.relu(r([64, 11, 11, 64])), r([64, 5, 5, 64])];
  time("Conv2D conv1 [64,28,28,1]→32", "Conv2D", { x: x1, filter: w1 }, conv, reps);
  time("Conv2D conv2 [64,13,13,32]→64", "Conv2D", { x: x2, filter: w2 }, conv, reps);
  time("Conv2DBackpropFilter conv1", "Conv2DBackpropFilter", { x: x1, dy: dy1 }, { ...conv, filterShape: [3, 3, 1, 32] }, reps);
  time("Conv2DBackpropFilter conv2", "Conv2DBackpropFilter", { x: x2, dy: dy2 }, { ...conv, filterShape: [3, 3, 32, 64] }, reps);
  time("Conv2DBackpropInput conv2", "Conv2DBackpropInput", { dy: dy2, filter: w2 }, { ...conv, inputShape: [64, 13, 13, 32] }, reps);
  time("MaxPoolGrad pool1 [64,26,26,32]", "MaxPoolGrad", { dy: pdy1, input: a1, output: pdy1 }, pool, reps);
  time("MaxPoolGrad pool2 [64,11,11,64]", "MaxPoolGrad", { dy: pdy2, input: a2, output: pdy2 }, pool, reps);
  tf.dispose([x1, dy1, w1, x2, dy2, w2, a1, pdy1, a2, pdy2]);
}

async function train(seconds: number): Promise<void> {
  const mnist = await loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
  const data = { mnist } as BenchData; // names are only for the LSTM
  const result = await benchTraining(data, { model: "cnn", size: "full", batchSize: 64, warmupBatches: 5, batches: 30, minSeconds: seconds });
  console.log(`train cnn wasm(1 thread) benchTraining ${result.samplesPerSecond.toFixed(0)} samples/s (wall) over ${result.batches} batches; loss ${result.firstLoss.toFixed(3)} → ${result.lastLoss.toFixed(3)}`);
  const { x, y, dispose } = mnistTensors(mnist.train, { limit: 64 });
  const model = buildCnn(SEED_CNN);
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const steps: { wall: number[]; cpu: number[] } = { wall: [], cpu: [] };
  for (let i = 0; i < 35; i++) {
    const [w0, c0] = [performance.now(), cpuMs()];
    await model.trainOnBatch(x, y);
    if (i >= 5) (steps.wall.push(performance.now() - w0), steps.cpu.push(cpuMs() - c0));
  }
  const perSecond = (ms: number[]) => (64 / median(ms)) * 1000;
  console.log(`train cnn wasm(1 thread) steps: ${perSecond(steps.wall).toFixed(0)} samples/s (wall), ${perSecond(steps.cpu).toFixed(0)} samples/s (cpu); step wall ${fixed(steps.wall)} ms, cpu ${fixed(steps.cpu)} ms`);
  model.dispose();
  optimizer.dispose();
  dispose();
}

const mode = positionals[0] ?? "kernels";
if (mode === "kernels") kernels(Number(values.reps));
else if (mode === "train") await train(Number(values.seconds));
else throw new Error(`unknown mode ${mode}: kernels | train`);
