// Times a few training steps of a page's own model on each candidate backend (speed.ts
// says which and keeps the figures). The models are the chapters' builders with the
// chapters' batch size, on random inputs of the chapters' shapes: speed depends on shapes,
// not values. Bundled into @book/tf (it runs before the page's cells, while no tensor of the
// page exists yet, so switching backends moves nothing); also runs in Node for the tests.
import * as tf from "@book/tf";
import { buildCnn, SEED_CNN } from "../nn/cnn.js";
import { buildNameClassifier, NAME_LENGTH } from "../nn/rnn-models.js";
import { TinyTransformer } from "../nn/transformer.js";
import { seededRandom } from "../data/synthetic.js";
import type { BackendName } from "./preference.js";
import type { ProbeModel, SpeedRecord } from "./speed.js";
import { settle, type ScopedOutcome } from "./gpu-errors.js";

export interface ProbeOptions {
  batchSize: number;
  /** Untimed steps first: the first step compiles shaders or warms the JIT. */
  warmup: number;
  /** Timed steps: at least one, at most maxSteps, stopping once maxMs have passed. */
  maxSteps: number;
  maxMs: number;
}

/** The chapters' batch size, about half a second of timing per backend. */
export const PROBE_FULL: ProbeOptions = { batchSize: 64, warmup: 1, maxSteps: 8, maxMs: 500 };
/** With the quick budget (tests, classroom demos): a small batch, two timed steps. */
export const PROBE_QUICK: ProbeOptions = { batchSize: 16, warmup: 1, maxSteps: 2, maxMs: 100 };

interface Trainer {
  step(): Promise<unknown>;
  dispose(): void;
}

const NAME_VOCAB = 30; // 26 letters, '-' and the special symbols: 3.3's vocabulary size

/** A fresh model of the page's kind, with one batch of data to train on. */
function trainer(model: ProbeModel, batch: number): Trainer {
  const random = seededRandom(3);
  if (model === "transformer") {
    const net = new TinyTransformer({ vocab: 10, length: 8, d: 32, heads: 2, layers: 2, ffn: 64 });
    const optimizer = tf.train.adam(0.003);
    const ids = Int32Array.from({ length: batch * 8 }, () => Math.floor(random() * 10));
    const x = tf.tensor2d(ids, [batch, 8], "int32");
    const y = tf.tensor2d(ids.slice().reverse(), [batch, 8], "int32");
    return { step: () => net.trainStep(optimizer, x, y), dispose: () => (tf.dispose([x, y]), net.dispose(), optimizer.dispose()) };
  }
  // Built inside tidy: tf.layers leaves 4 temporary tensors behind when it builds an LSTM.
  let net!: tf.Sequential;
  tf.tidy(() => {
    net = model === "cnn" ? buildCnn(SEED_CNN) : buildNameClassifier({ vocabSize: NAME_VOCAB, cell: "lstm" });
  });
  const optimizer = tf.train.adam(0.001);
  net.compile({ optimizer, loss: model === "cnn" ? "categoricalCrossentropy" : "binaryCrossentropy", metrics: ["accuracy"] });
  const [x, y] = tf.tidy(() => {
    if (model === "cnn") return [tf.tensor4d(Float32Array.from({ length: batch * 784 }, random), [batch, 28, 28, 1]), tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, () => Math.floor(random() * 10)), "int32"), 10).toFloat()];
    // Left-padded names of 3 to 15 characters: the padding mask is part of what is timed.
    const ids = new Int32Array(batch * NAME_LENGTH);
    for (let n = 0; n < batch; n++) {
      const length = 3 + Math.floor(random() * 13);
      for (let t = NAME_LENGTH - length; t < NAME_LENGTH; t++) ids[n * NAME_LENGTH + t] = 1 + Math.floor(random() * (NAME_VOCAB - 1));
    }
    return [tf.tensor2d(ids, [batch, NAME_LENGTH]), tf.tensor2d(Float32Array.from({ length: batch }, () => (random() < 0.5 ? 1 : 0)), [batch, 1])];
  });
  return { step: () => net.trainOnBatch(x, y), dispose: () => (tf.dispose([x, y]), net.dispose(), optimizer.dispose()) };
}

/** Training samples per second of `model` on the current backend. */
export async function timeTraining(model: ProbeModel, options: ProbeOptions, now: () => number = () => performance.now()): Promise<number> {
  const run = trainer(model, options.batchSize);
  try {
    for (let i = 0; i < options.warmup; i++) await run.step();
    const start = now();
    let steps = 0;
    do {
      await run.step();
      steps++;
    } while (steps < options.maxSteps && now() - start < options.maxMs);
    return (steps * options.batchSize) / (Math.max(now() - start, 1e-3) / 1000);
  } finally {
    run.dispose();
  }
}

export interface ProbeHooks {
  /** Times one backend (tfjs already runs on it); defaults to timeTraining. Tests pass fakes. */
  time?(backend: BackendName): Promise<number>;
  /** Wraps the timing of one backend, e.g. in WebGPU error scopes: returns errors it caught. */
  guard?(backend: BackendName, work: () => Promise<number>): Promise<ScopedOutcome<number>>;
}

/** Times `model` on each candidate backend in turn (switching tfjs's backend) and returns
 * the figures; a backend that does not start or reports an error is recorded as failed.
 * Leaves tfjs on whichever backend ran last: the caller sets the one it picks. */
export async function probeSpeeds(model: ProbeModel, candidates: BackendName[], options: ProbeOptions, hooks: ProbeHooks = {}): Promise<SpeedRecord> {
  const started = performance.now();
  const record: SpeedRecord = { model, samplesPerSecond: {}, failed: {}, probeMs: 0 };
  const time = hooks.time ?? (() => timeTraining(model, options));
  for (const backend of candidates) {
    const ok = await tf.setBackend(backend).catch(() => false);
    if (!ok) {
      record.failed[backend] = "无法启动";
      continue;
    }
    const outcome = await (hooks.guard ?? ((_, work) => settle(work)))(backend, () => time(backend));
    if (outcome.errors.length) record.failed[backend] = outcome.errors[0].split("\n")[0].slice(0, 160);
    else if (outcome.thrown) record.failed[backend] = String((outcome.thrown.error as Error)?.message ?? outcome.thrown.error).slice(0, 160);
    else if (outcome.result !== undefined) record.samplesPerSecond[backend] = outcome.result;
  }
  record.probeMs = performance.now() - started;
  return record;
}
