// The fused LSTM step kernels (components/backend/fused-lstm.ts) against FastLstm's unfused
// ops, bit for bit on cpu and on wasm (outputs and every weight's gradient, with and without
// the padding mask, last step or every step); the forward kernel against the ops it replaces
// on each backend, the backward kernel (no sigmoid or tanh in it) the same bits on both; one
// kernel per step forward and backward, and no leak.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@book/tf";
import "@tensorflow/tfjs-backend-wasm";
import { fusedLstmAvailable, LSTM_CELL, LSTM_CELL_GRAD, registerFusedLstm, unregisterFusedLstm } from "../../components/backend/fused-lstm.js";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.js";
import { seededRandom } from "../../components/data/synthetic.js";
import { kernelOutputs, maxDiff, run, STEPS, trainingStepKernels, type KernelSource } from "./fused-lstm-fixture.js";

before(async () => {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend("wasm"), "wasm backend initialises in Node");
});
after(async () => {
  registerFusedLstm();
  await tf.setBackend("cpu");
});

describe("FastLstm with the fused step kernels equals its unfused ops", () => {
  for (const backend of ["cpu", "wasm"]) {
    const tolerance = 0;
    for (const masked of [true, false]) {
      for (const returnSequences of [false, true]) {
        it(`${backend}, ${masked ? "masked" : "unmasked"}, ${returnSequences ? "every step" : "last step"}: outputs and gradients bit for bit`, async () => {
          await tf.setBackend(backend);
          const unfused = await run("unfused", masked, returnSequences);
          const fused = await run("step", masked, returnSequences);
          assert.ok(maxDiff(fused.output, unfused.output) <= tolerance, `outputs differ by ${maxDiff(fused.output, unfused.output)}`);
          assert.equal(fused.grads.length, 4, "embedding, kernel, recurrent kernel, bias");
          for (let i = 0; i < fused.grads.length; i++) {
            const diff = maxDiff(fused.grads[i], unfused.grads[i]);
            assert.ok(diff <= tolerance, `gradient ${i} differs by ${diff}`);
          }
        });
      }
    }
  }
});

describe("the fused kernels", () => {
  const random = seededRandom(5);
  const [T, B, U] = [3, 5, 4];
  const floats = (shape: number[], scale = 2, squash = false) => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (squash ? random() : (random() - 0.5) * scale)) });
  // Plain numbers, so each backend gets the same; the record holds activations in [0, 1).
  const source: KernelSource = {
    p: floats([T, B, 4 * U], 6),
    u: floats([U, 4 * U], 1.5),
    uT: { shape: [4 * U, U], data: Float32Array.from({ length: 4 * U * U }, () => Math.round((random() - 0.5) * 16) / 8) },
    c: floats([B, U]),
    h: floats([B, U]),
    keep: { shape: [T, B, 1], data: Float32Array.from([1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1]) },
    record: floats([T, B, 5 * U], 1, true),
    cPrev: floats([T, B, U]),
    dy: floats([B, U]),
    dySeq: floats([B, T, U]),
    dzLater: { shape: [B, 4 * U], data: Float32Array.from({ length: B * 4 * U }, () => Math.round((random() - 0.5) * 16) / 8) },
    dc: floats([B, U]),
    dhLater: floats([B, U])
  };

  const outputsOn = (backend: string, kernel: string, names: string[], attrs: Record<string, number | boolean>) => kernelOutputs(source, backend, kernel, names, attrs);

  /** What the forward kernel replaces, as FastLstm's unfused path computes it (step 2, with
   * history and mask, or step 0 without either). */
  async function unfusedStepOn(backend: string, withHistory: boolean) {
    await tf.setBackend(backend);
    const get = (name: string) => tf.tensor(source[name].data, source[name].shape);
    const outs = tf.tidy(() => {
      const t = withHistory ? 2 : 0;
      const pt = tf.squeeze(tf.slice(get("p"), [t, 0, 0], [1, B, 4 * U]), [0]);
      const z = withHistory ? tf.add(pt, tf.matMul(get("h"), get("u"))) : pt;
      const [zi, zf, zg, zo] = tf.split(z, 4, 1);
      const [i, f, g, o] = [tf.sigmoid(zi), tf.sigmoid(zf), tf.tanh(zg), tf.sigmoid(zo)];
      const ic = tf.mul(i, g);
      const cNew = withHistory ? tf.add(tf.mul(f, get("c")), ic) : ic;
      const tanhC = tf.tanh(cNew);
      const hNew = tf.mul(o, tanhC);
      const kept = tf.cast(tf.broadcastTo(tf.squeeze(tf.slice(get("keep"), [t, 0, 0], [1, B, 1]), [0]), [B, U]), "bool");
      const [h, c] = withHistory ? [tf.where(kept, hNew, get("h")), tf.where(kept, cNew, get("c"))] : [hNew, cNew];
      return [h, c, tf.concat([i, f, g, o, tanhC], 1)];
    });
    const values = await Promise.all(outs.map(async (t) => ({ shape: t.shape, data: Array.from(await t.data()) })));
    tf.dispose(outs);
    return values;
  }

  it("forward: what the ops it replaces give on the same backend, bit for bit (cpu and wasm)", async () => {
    registerFusedLstm();
    for (const backend of ["cpu", "wasm"]) {
      const full = await outputsOn(backend, LSTM_CELL, ["p", "u", "c", "h", "keep"], { step: 2 });
      assert.deepEqual(full, await unfusedStepOn(backend, true), `${backend}, step 2 with mask`);
      assert.ok(full[0].data.some((v, k) => v === source.h.data[k]) && full[0].data.some((v, k) => v !== source.h.data[k]), "some rows carried over, some updated");
      assert.deepEqual(await outputsOn(backend, LSTM_CELL, ["p"], { step: 0 }), await unfusedStepOn(backend, false), `${backend}, first step`);
    }
  });

  // δz·Uᵀ is the backends' own BatchMatMul (cpu: plain sums, wasm: XNNPACK), which may round
  // differently: the same bits on both backends only holds for a product exact in float32, so
  // dzLater and Uᵀ hold multiples of 1/8 here; the model tests above cover real numbers.
  it("backward: the same bits on cpu and wasm from the same inputs (with and without mask, history, every step)", async () => {
    registerFusedLstm();
    const calls: [string[], Record<string, number | boolean>][] = [
      [["record", "cPrev", "dy"], { step: 2, everyStep: false }],
      [["record", "cPrev", "dy", "dzLater", "uT", "dc", "dhLater"], { step: 1, everyStep: false }],
      [["record", "cPrev", "dySeq", "dzLater", "uT", "dc", "dhLater", "keep"], { step: 1, everyStep: true }],
      [["record", "cPrev", "dySeq", "dzLater", "uT", "dc", "dhLater", "keep"], { step: 0, everyStep: true }],
      [["record", "cPrev", "dySeq", "keep"], { step: 2, everyStep: true }]
    ];
    for (const [names, attrs] of calls) {
      const [cpu, wasm] = [await outputsOn("cpu", LSTM_CELL_GRAD, names, attrs), await outputsOn("wasm", LSTM_CELL_GRAD, names, attrs)];
      assert.equal(cpu.length, 3);
      assert.deepEqual(wasm, cpu, names.join(", "));
      assert.ok(cpu.every((o) => o.data.every(Number.isFinite) && o.data.some((v) => v !== 0)));
    }
  });

  it("refuse inputs that do not go together, and are found only where registered", async () => {
    registerFusedLstm();
    await assert.rejects(outputsOn("cpu", LSTM_CELL, ["p", "u", "c"], { step: 1 }), /u, c and h/);
    await assert.rejects(outputsOn("wasm", LSTM_CELL_GRAD, ["record", "cPrev", "dy", "dzLater", "uT", "dc"], { step: 1, everyStep: false }), /dzLater, uT, dc and dhLater/);
    assert.ok(fusedLstmAvailable("cpu") && fusedLstmAvailable("wasm") && !fusedLstmAvailable("webgpu"));
    unregisterFusedLstm();
    assert.ok(!fusedLstmAvailable("wasm"));
    registerFusedLstm();
  });

  it("run once per time step each way in a training step on wasm (the LSTM's sigmoids, tanhs and per-step products are inside them)", async () => {
    const count = await trainingStepKernels("step");
    assert.equal(count(LSTM_CELL), STEPS);
    assert.equal(count(LSTM_CELL_GRAD), STEPS);
    assert.equal(count("Tanh") + count("Sigmoid"), 0);
    assert.ok(count("BatchMatMul") <= 6, `${count("BatchMatMul")} BatchMatMul: the input projection, δU and the dense layer's, not one per step`);
  });
});
