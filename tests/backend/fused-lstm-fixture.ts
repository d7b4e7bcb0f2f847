// Shared by tests/backend/fused-lstm*.test.ts: a tiny embedding → FastLstm model run through
// one of FastLstm's three paths (unfused ops, per-step kernels, whole-sequence kernels), its
// output and every weight's gradient read back, and a check that nothing leaked.
import assert from "node:assert/strict";
import * as tf from "@book/tf";
import { registerFusedLstm, unregisterFusedLstm } from "../../components/backend/fused-lstm.js";
import { registerLstmSequence, unregisterLstmSequence } from "../../components/backend/fused-lstm-seq.js";
import { fastLstm } from "../../components/nn/fast-lstm.js";

export const STEPS = 6;
export const VOCAB = 8;
/** Rows of ids left-padded with 0 as 3.3 pads names: full, partly padded, all padding. */
export const IDS = [
  [0, 0, 3, 1, 4, 1],
  [5, 2, 6, 5, 3, 7],
  [0, 0, 0, 0, 0, 2],
  [0, 0, 0, 0, 0, 0],
  [0, 6, 2, 7, 1, 1],
  [4, 4, 0, 3, 0, 2]
];

export type LstmPath = "unfused" | "step" | "sequence";

/** Registers what `path` needs and removes the rest (FastLstm takes the sequence kernels
 * first, then the step kernels, then its unfused ops). */
export function usePath(path: LstmPath): void {
  if (path === "unfused") unregisterFusedLstm();
  else registerFusedLstm();
  if (path === "sequence") registerLstmSequence();
  else unregisterLstmSequence();
}

export interface Run {
  output: Float32Array;
  grads: Float32Array[];
}

/** Embedding (maskZero when masked) → FastLstm (→ every step or the last), output and
 * d(Σ output ⊙ r)/d(every weight), from seeded weights; checks that nothing leaks. */
export async function run(path: LstmPath, masked: boolean, returnSequences: boolean): Promise<Run> {
  usePath(path);
  const start = tf.memory().numTensors;
  const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.7, maxval: 0.7, seed });
  // The tidy frees what the unitForgetBias initialiser leaves behind.
  let m = null as unknown as tf.Sequential;
  tf.tidy(() => {
    m = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCAB, outputDim: 3, inputLength: STEPS, maskZero: masked, embeddingsInitializer: init(1) }),
        fastLstm({ units: 4, returnSequences, recurrentActivation: "sigmoid", unitForgetBias: true, kernelInitializer: init(2), recurrentInitializer: init(3), biasInitializer: init(4) })
      ]
    });
  });
  const ids = tf.tensor2d(IDS, [IDS.length, STEPS], "int32");
  const variables = m.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
  const shape = returnSequences ? [IDS.length, STEPS, 4] : [IDS.length, 4];
  const r = tf.randomNormal(shape, 0, 1, "float32", 7);
  const { value, grads } = tf.variableGrads(() => {
    const y = m.apply(ids) as tf.Tensor;
    return tf.sum(tf.mul(y, r)) as tf.Scalar;
  }, variables);
  const output = m.predict(ids) as tf.Tensor;
  const result = { output: (await output.data()) as Float32Array, grads: await Promise.all(variables.map(async (v) => (await grads[v.name].data()) as Float32Array)) };
  tf.dispose([ids, r, value, output, ...Object.values(grads)]);
  m.dispose();
  assert.equal(tf.memory().numTensors, start, "no tensor leak");
  return result;
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** How often each kernel runs in one training step (embedding → FastLstm → dense, sgd) on
 * wasm through `path`; checks that nothing leaks. */
export async function trainingStepKernels(path: LstmPath): Promise<(name: string) => number> {
  usePath(path);
  await tf.setBackend("wasm");
  const start = tf.memory().numTensors;
  const m = tf.sequential({ layers: [tf.layers.embedding({ inputDim: VOCAB, outputDim: 3, inputLength: STEPS, maskZero: true }), fastLstm({ units: 4, recurrentActivation: "sigmoid" }), tf.layers.dense({ units: 1 })] });
  const optimizer = tf.train.sgd(0.1);
  m.compile({ optimizer, loss: "meanSquaredError" });
  const ids = tf.tensor2d(IDS, [IDS.length, STEPS], "int32");
  const y = tf.ones([IDS.length, 1]);
  await m.trainOnBatch(ids, y);
  const profile = await tf.profile(async () => void (await m.trainOnBatch(ids, y)));
  tf.dispose([ids, y]);
  m.dispose();
  optimizer.dispose();
  assert.equal(tf.memory().numTensors, start, "no leak");
  return (name) => profile.kernels.filter((k) => k.name === name).length;
}

/** Named plain arrays, so each backend gets the same inputs. */
export type KernelSource = Record<string, { shape: number[]; data: Float32Array }>;

/** A kernel's outputs on `backend` from the named inputs of `source` (dySeq is passed as dy),
 * with a check that nothing leaked. */
export async function kernelOutputs(source: KernelSource, backend: string, kernel: string, names: string[], attrs: Record<string, number | boolean>) {
  await tf.setBackend(backend);
  const start = tf.memory().numTensors;
  const inputs: tf.NamedTensorMap = {};
  for (const name of names) inputs[name === "dySeq" ? "dy" : name] = tf.tensor(source[name].data, source[name].shape);
  const outs = tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor[];
  const values = await Promise.all(outs.map(async (t) => ({ shape: t.shape, data: Array.from(await t.data()) })));
  tf.dispose([...Object.values(inputs), ...outs]);
  assert.equal(tf.memory().numTensors, start, `no leak on ${backend}`);
  return values;
}
