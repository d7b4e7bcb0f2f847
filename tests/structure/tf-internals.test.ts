// tfjs's private fields are read in two version-checked adapters only: the notebook engine's
// (components/notebook/tf-adapter.ts) and the library's (components/util/tf-internals.ts).
// Anywhere else a tfjs update would break them silently.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ADAPTERS = new Set(["components/notebook/tf-adapter.ts", "components/util/tf-internals.ts"]);
/** Backend code that patches a backend's kernels or counts its work: it reads tfjs-webgpu's
 * tensorMap (the stored dtype, whether a buffer is uploaded). Not moved yet; listed so that
 * no new file joins them unnoticed. */
const BACKEND_CODE = new Map([
  ["components/backend/webgpu-kernels.ts", /\btensorMap\b/],
  ["components/bench/step-counts.ts", /\btensorMap\b/]
]);

/** Reads of tfjs's private state: the engine's fields, optimisers' slots, backends' maps. */
const PRIVATE_READS: [string, RegExp][] = [
  ["the engine's private fields", /\bengine\(\)[^;\n]*\.(state|registeredVariables|backendInstance|registry|registryFactory|activeTape|scopeStack|tensorInfo|pendingBackendInit)\b/],
  ["an engine or optimiser field", /\.(registeredVariables|backendInstance|activeTape|scopeStack|accumulatedGrads|accumulatedUpdates|accumulatedFirstMoment|accumulatedSecondMoment|accumulatedMeanSquares|accumulatedMoments|accumulations)\b/],
  ["SGD's learning-rate scalar c", /\{\s*c\s*:\s*(tf\.)?Tensor\b|\.c\.dispose\(\)/],
  ["a backend's data maps", /\b(tensorMap|texData|dataIdMap)\b/],
  ["a compiled model's training state", /\b(lossFunctions|metricsTensors|collectedTrainableWeights|feedLossFns)\b/]
];

export function privateReads(text: string): string[] {
  return PRIVATE_READS.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

describe("tfjs internals stay in the adapters", () => {
  it("the patterns catch the reads that were moved into the adapter, and not public API", () => {
    // What components/memory/peak-bytes.ts and components/optim/optimizer.ts did before.
    assert.deepEqual(privateReads("const state = (tf.engine() as unknown as { state: EngineState }).state;"), ["the engine's private fields"]);
    assert.deepEqual(privateReads('if (optimizer.getClassName() === "Momentum") (optimizer as unknown as { c: tf.Tensor }).c.dispose();'), ["SGD's learning-rate scalar c"]);
    assert.deepEqual(privateReads("for (const v of (opt as any).accumulatedGrads) v.variable.dispose();"), ["an engine or optimiser field"]);
    assert.deepEqual(privateReads("tf.engine().registeredVariables"), ["the engine's private fields", "an engine or optimiser field"]);
    // What components/train/fast-step.ts did before.
    assert.deepEqual(privateReads("if (!m.optimizer || !m.lossFunctions || m.lossFunctions.length !== 1) return null;"), ["a compiled model's training state"]);
    assert.deepEqual(privateReads("const weights = m.collectedTrainableWeights;"), ["a compiled model's training state"]);
    assert.deepEqual(privateReads("const bytes = tf.memory().numBytes; tf.engine().startScope(); optimizer.dispose(); const c = 1;"), []);
  });

  it("no other file in components/ or site/ reads them", () => {
    const offenders: string[] = [];
    for (const file of [...sources(join(root, "components")), ...sources(join(root, "site"))]) {
      const path = relative(root, file).split("\\").join("/");
      if (ADAPTERS.has(path)) continue;
      let text = readFileSync(file, "utf8");
      const allowed = BACKEND_CODE.get(path);
      if (allowed) text = text.replace(new RegExp(allowed.source, "g"), "");
      for (const what of privateReads(text)) offenders.push(`${path}: ${what}`);
    }
    assert.deepEqual(offenders, []);
  });
});
