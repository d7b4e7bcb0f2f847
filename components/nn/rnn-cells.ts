// The simple RNN, LSTM and GRU cells of 3.3, written from the chapter's equations with
// plain tfjs ops (so tf.grad differentiates through them), in tf.layers' weight layout so
// the same weights can be copied between these cells and tf.layers.simpleRNN/lstm/gru:
//   kernel [in, k·u], recurrentKernel [u, k·u], bias [k·u], gates side by side:
//   LSTM i, f, c̃, o (as PyTorch's i, f, g, o); GRU z, r, h̃.
// tfjs's GRU resets before the recurrent product, h̃ = tanh(W x + U (r ⊙ h) + b); PyTorch's
// (and Keras's reset_after) applies r after it, r ⊙ (U h + b_hh): gruStep's resetAfter option
// (checked against PyTorch's own numbers in tests/nn/gru-reset-after.test.ts). Gate nonlinearities are the
// logistic sigmoid here; tf.layers defaults to hardSigmoid, so pass recurrentActivation: "sigmoid".
import * as tf from "@book/tf";

export type CellKind = "rnn" | "lstm" | "gru";

export interface RnnWeights {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** Per-step values worth drawing: the gates (each [batch, units]) and the cell state. */
export interface StepTrace {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
  gates?: Record<string, tf.Tensor2D>;
}

export const GATE_COUNT: Record<CellKind, number> = { rnn: 1, lstm: 4, gru: 3 };

/** h_t = tanh(W_xh x_t + W_hh h_{t−1} + b_h) */
export function rnnStep(x: tf.Tensor2D, h: tf.Tensor2D, w: RnnWeights): StepTrace {
  return { h: tf.tanh(x.matMul(w.kernel).add(h.matMul(w.recurrentKernel)).add(w.bias)) as tf.Tensor2D };
}

/** i, f, o = σ(·); c̃ = tanh(·); c_t = f ⊙ c_{t−1} + i ⊙ c̃; h_t = o ⊙ tanh(c_t) */
export function lstmStep(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, w: RnnWeights): StepTrace {
  const z = x.matMul(w.kernel).add(h.matMul(w.recurrentKernel)).add(w.bias);
  const [zi, zf, zc, zo] = tf.split(z, 4, 1) as tf.Tensor2D[];
  const [i, f, g, o] = [tf.sigmoid(zi), tf.sigmoid(zf), tf.tanh(zc), tf.sigmoid(zo)];
  const cNext = f.mul(c).add(i.mul(g)) as tf.Tensor2D;
  return { h: o.mul(tf.tanh(cNext)) as tf.Tensor2D, c: cNext, gates: { input: i, forget: f, candidate: g, output: o } };
}

export interface GruOptions {
  /** PyTorch's and cuDNN's GRU (Keras reset_after): h̃ = tanh(W_h x + b_h + r ⊙ (U_h h + b_hh)). */
  resetAfter?: boolean;
  /** reset-after only: the recurrent bias b_hh [3u] (PyTorch's bias_hh); zeros when absent. */
  recurrentBias?: tf.Tensor1D;
}

/** z, r = σ(·); h̃ = tanh(W_h x + U_h (r ⊙ h) + b_h); h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃ */
export function gruStep(x: tf.Tensor2D, h: tf.Tensor2D, w: RnnWeights, options: GruOptions = {}): StepTrace {
  return gruStepProjected(x.matMul(w.kernel).add(w.bias), h, w.recurrentKernel, options);
}

/** The GRU step from the input's projection xw = x W + b [batch, 3u] (a caller that has every
 * step's input at once, like 3.4's encoder, projects them in one product). */
export function gruStepProjected(xw: tf.Tensor2D, h: tf.Tensor2D, recurrentKernel: tf.Tensor2D, { resetAfter = false, recurrentBias }: GruOptions = {}): StepTrace {
  const units = h.shape[1];
  const [xz, xr, xh] = tf.split(xw, 3, 1) as tf.Tensor2D[];
  let z: tf.Tensor, r: tf.Tensor, candidate: tf.Tensor;
  if (resetAfter) {
    // One product for all three gates; r scales U_h h + b_hh, after the product.
    let hu = h.matMul(recurrentKernel);
    if (recurrentBias) hu = hu.add(recurrentBias);
    const [hz, hr, hh] = tf.split(hu, 3, 1) as tf.Tensor2D[];
    z = tf.sigmoid(xz.add(hz));
    r = tf.sigmoid(xr.add(hr));
    candidate = tf.tanh(xh.add(r.mul(hh)));
  } else {
    const [uzr, uh] = tf.split(recurrentKernel, [2 * units, units], 1) as tf.Tensor2D[];
    const [hz, hr] = tf.split(h.matMul(uzr), 2, 1) as tf.Tensor2D[];
    z = tf.sigmoid(xz.add(hz));
    r = tf.sigmoid(xr.add(hr));
    candidate = tf.tanh(xh.add(r.mul(h).matMul(uh)));
  }
  return { h: z.mul(h).add(tf.scalar(1).sub(z).mul(candidate)) as tf.Tensor2D, gates: { update: z as tf.Tensor2D, reset: r as tf.Tensor2D, candidate: candidate as tf.Tensor2D } };
}

export interface RunOptions extends GruOptions {
  h0?: tf.Tensor2D;
  c0?: tf.Tensor2D;
  /** Added to h_t at each step (zeros): ∂L/∂perturb[t] is ∂L/∂h_t (see bptt.ts). */
  perturb?: tf.Tensor2D[];
}

/** Unrolls a cell over x [batch, T, in]; returns every step's trace (tensors: call in tf.tidy). */
export function runCell(kind: CellKind, w: RnnWeights, x: tf.Tensor3D, { h0, c0, perturb, ...gru }: RunOptions = {}): StepTrace[] {
  const [batch, steps] = x.shape;
  const units = w.recurrentKernel.shape[0];
  let h = h0 ?? tf.zeros([batch, units]);
  let c = c0 ?? tf.zeros([batch, units]);
  const trace: StepTrace[] = [];
  for (let t = 0; t < steps; t++) {
    const xt = x.slice([0, t, 0], [batch, 1, x.shape[2]]).reshape([batch, x.shape[2]]) as tf.Tensor2D;
    const step = kind === "rnn" ? rnnStep(xt, h, w) : kind === "lstm" ? lstmStep(xt, h, c, w) : gruStep(xt, h, w, gru);
    if (perturb) step.h = step.h.add(perturb[t]) as tf.Tensor2D;
    h = step.h;
    if (step.c) c = step.c;
    trace.push(step);
  }
  return trace;
}

/** The weights of a tf.layers.simpleRNN / lstm / gru layer (copies). */
export function layerWeights(layer: tf.layers.Layer): RnnWeights {
  const [kernel, recurrentKernel, bias] = layer.getWeights();
  return { kernel: kernel.clone() as tf.Tensor2D, recurrentKernel: recurrentKernel.clone() as tf.Tensor2D, bias: bias.clone() as tf.Tensor1D };
}

/** Random weights in the layout above (uniform ±scale), seeded. */
export function randomWeights(kind: CellKind, inputSize: number, units: number, { seed = 1, scale = 0.5 } = {}): RnnWeights {
  const k = GATE_COUNT[kind];
  return tf.tidy(() => ({
    kernel: tf.randomUniform([inputSize, k * units], -scale, scale, "float32", seed) as tf.Tensor2D,
    recurrentKernel: tf.randomUniform([units, k * units], -scale, scale, "float32", seed + 1) as tf.Tensor2D,
    bias: tf.randomUniform([k * units], -scale, scale, "float32", seed + 2) as tf.Tensor1D
  }));
}

/** PyTorch nn.GRU's weights (weight_ih [3u, in], weight_hh [3u, u], bias_ih, bias_hh; gate
 * order r, z, n) in this file's layout (kernels transposed, gates z, r, h̃), for resetAfter. */
export function gruWeightsFromPyTorch(p: { weightIh: number[][]; weightHh: number[][]; biasIh: number[]; biasHh: number[] }): RnnWeights & { recurrentBias: tf.Tensor1D } {
  const u = p.weightHh[0].length;
  const reorder = <T>(rows: T[]) => [...rows.slice(u, 2 * u), ...rows.slice(0, u), ...rows.slice(2 * u)]; // r z n → z r n
  return tf.tidy(() => ({
    kernel: tf.tensor2d(reorder(p.weightIh)).transpose() as tf.Tensor2D,
    recurrentKernel: tf.tensor2d(reorder(p.weightHh)).transpose() as tf.Tensor2D,
    bias: tf.tensor1d(reorder(p.biasIh)),
    recurrentBias: tf.tensor1d(reorder(p.biasHh))
  }));
}
