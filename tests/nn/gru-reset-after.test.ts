// The book's GRU with resetAfter (components/nn/rnn-cells.ts) against numbers PyTorch's
// nn.GRU computed once: tests/nn/gru-reset-after.json, written by tests/nn/gru-reset-after.py.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { gruWeightsFromPyTorch, runCell } from "../../components/nn/rnn-cells.js";

const torch = JSON.parse(readFileSync(new URL("./gru-reset-after.json", import.meta.url), "utf8"));

before(async () => {
  await tf.setBackend("cpu");
});

async function run(resetAfter: boolean): Promise<number> {
  const w = gruWeightsFromPyTorch({ weightIh: torch.weight_ih, weightHh: torch.weight_hh, biasIh: torch.bias_ih, biasHh: torch.bias_hh });
  const x = tf.tensor3d(torch.x);
  const h0 = tf.tensor2d(torch.h0);
  const ours = tf.tidy(() => tf.stack(runCell("gru", w, x, { h0, resetAfter, recurrentBias: w.recurrentBias }).map((s) => s.h), 1));
  const expected = (torch.output as number[][][]).flat(2);
  const values = await ours.data();
  assert.equal(values.length, expected.length);
  tf.dispose([x, h0, ours, ...Object.values(w)]);
  return Math.max(...Array.from(values, (v, i) => Math.abs(v - expected[i])));
}

describe("GRU as PyTorch computes it (reset after the recurrent product)", () => {
  it(`matches nn.GRU's outputs to 1e-5 (${torch.batch}×${torch.steps} steps, ${torch.inputs}→${torch.hidden}, torch ${torch.torch})`, async () => {
    const start = tf.memory().numTensors;
    const diff = await run(true);
    assert.ok(diff < 1e-5, `max abs difference ${diff}`);
    assert.equal(tf.memory().numTensors, start, "no leak");
  });

  it("the book's default (reset before, as tfjs and the 2014 paper) is a different model on the same weights", async () => {
    const diff = await run(false);
    assert.ok(diff > 1e-2, `max abs difference ${diff}`);
  });
});
