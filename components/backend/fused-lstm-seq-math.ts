// The whole LSTM recurrence in one kernel each way (issue 24): the T steps of
// fused-lstm-math.ts's cellStep, and backpropagation through time as T of its cellGrad, run
// in a loop inside one kernel instead of one kernel per step. The per-step arithmetic is the
// same functions (gateInputs, cellState, stepOutputs, gradStep), in the same order, on the
// same backend's Sigmoid, Tanh and BatchMatMul, so the results are bit for bit those of the
// per-step kernels (tests/backend/fused-lstm-seq.test.ts). What a sequence saves: the
// engine's bookkeeping for 2T kernels, the stacking of what the backward pass reads (written
// in place here), the per-step output tensors (h and c are carried in two arrays, updated in
// place), the transposed Uᵀ and δU's product (inside the backward kernel), and the kernels
// around the recurrence for the input projection and the mask (fused-lstm-seq-input.ts).
// With a mask, the steps before the first real input of any row (left padding that the whole
// batch shares: 3.3's names are padded on the left to 16 characters, and a batch of 64 names
// is rarely longer than 10–11, so ~6 of 16 steps) are not computed at all, either way: there
// h and c stay 0 in every row and the backward multiplies every δz by keep = 0, so skipping
// them changes no value (only, possibly, the sign of a zero gradient entry). PyTorch's
// pack_padded_sequence, the benchmark's reference, skips padding too.
import type { NamedAttrMap } from "@tensorflow/tfjs-core";
import { cellState, gateInputs, gradStep, stepOutputs, type Arrays, type StepResult } from "./fused-lstm-math.js";
import { inputGradients, projectInputs } from "./fused-lstm-seq-input.js";

/**
 * Inputs: x [B, T, F] (batch-major, as the layer gets it), kernel W [F, 4u], bias [4u] (absent
 * without one), u [u, 4u], mask [B, T] (any dtype, nonzero a real input; absent without one);
 * attrs.everyStep. Outputs:
 *   y      h of every step [B, T, u] (everyStep) or of the last step [B, u];
 *   xT     the inputs, time-major and transposed: [F, (T − start)·B], for δW;
 *   hPrevT the h carried into each step, transposed: [u, (T − start)·B] (0 into the first),
 *          for δU = hPrevᵀ·δz (the per-step path transposes the stacked h there: the same copy);
 * where start is the first step that is not padding in every row (firstRealStep; 0 without
 * a mask): xT and hPrevT leave out the skipped steps, whose δz are 0.
 *   cPrev  the c carried into each step [T, B, u] (0 into the first);
 *   record each step's i, f, g, o, tanh c_new [T, B, 5u] (cellStep's records, stacked);
 *   keep   [T, B, 1], 1 a real input, 0 padding (only with a mask).
 */
export function sequenceForward<H>(arrays: Arrays<H>, inputs: Record<string, H>, shapes: Record<string, number[]>, attrs: NamedAttrMap): StepResult<H> {
  for (const name of ["x", "kernel", "u"]) if (!inputs[name]) throw new Error(`BookLstmSequence: ${name} is missing`);
  const [batch, steps, features] = shapes.x;
  const [units, four] = shapes.u;
  const agree = shapes.x.length === 3 && four === 4 * units && `${shapes.kernel}` === `${[features, four]}` && (!inputs.bias || `${shapes.bias}` === `${four}`) && (!inputs.mask || `${shapes.mask}` === `${[batch, steps]}`);
  if (!agree) throw new Error(`BookLstmSequence: shapes do not fit together (x ${shapes.x}, kernel ${shapes.kernel}, u ${shapes.u}, bias ${shapes.bias ?? "none"}, mask ${shapes.mask ?? "none"})`);
  const everyStep = attrs.everyStep as boolean;
  const { alloc, view } = arrays;
  const { p, xT, keep, start } = projectInputs(arrays, inputs, shapes);
  const y = alloc(everyStep ? [batch, steps, units] : [batch, units]);
  const rows = (steps - start) * batch; // the computed steps' rows
  const [hPrevT, cPrev, record] = [alloc([units, rows]), alloc([steps, batch, units]), alloc([steps, batch, 5 * units])];
  // h and c carried from step to step, updated in place; scratch for one step's z and c_new.
  const [h, c, z, zg, cNew] = [alloc([batch, units]), alloc([batch, units]), alloc([batch, four]), alloc([batch, units]), alloc([batch, units])];
  const state = batch * units;
  // Steps before `start` are padding in every row: h = c = 0 carried into `start` (as step 0
  // would have left them), records and every-step outputs 0 there.
  if (start > 0) {
    for (const zero of [h, c]) view(zero).fill(0);
    view(record).fill(0, 0, start * batch * 5 * units);
    if (everyStep) view(y).fill(0);
  }
  {
    const [HPT, CP] = [view(hPrevT), view(cPrev)];
    for (let j = 0; j < units; j++) HPT.fill(0, j * rows, j * rows + batch);
    CP.fill(0, 0, (start + 1) * state);
  }
  for (let t = start; t < steps; t++) {
    const first = t === 0;
    const r = first ? null : arrays.matMul(h, inputs.u); // h·U
    gateInputs(view(p), (t - start) * batch * four, r ? view(r) : null, view(z), view(zg), batch, units);
    const [gates, g] = [arrays.sigmoid(z), arrays.tanh(zg)]; // σ of all four; the g column unused
    cellState(view(gates), view(g), first ? null : view(c), view(cNew), batch, units);
    const tanhC = arrays.tanh(cNew);
    // Views taken after the step's last allocation (a wasm heap that grows detaches older ones).
    const [H, C] = [view(h), view(c)];
    stepOutputs(
      { S: view(gates), G: view(g), TC: view(tanhC), CN: view(cNew) },
      { H: keep && !first ? H : null, C: first ? null : C, K: keep ? view(keep) : null, keepBase: t * batch },
      { HO: H, CO: C, REC: view(record), recBase: t * batch * 5 * units },
      batch,
      units
    );
    const [HPT, CP] = [view(hPrevT), view(cPrev)];
    if (t + 1 < steps) {
      for (let b = 0; b < batch; b++) for (let j = 0; j < units; j++) HPT[j * rows + (t + 1 - start) * batch + b] = H[b * units + j];
      CP.set(C, (t + 1) * state);
    }
    if (everyStep) {
      const Y = view(y);
      for (let b = 0; b < batch; b++) Y.set(H.subarray(b * units, (b + 1) * units), (b * steps + t) * units);
    }
    for (const temporary of [gates, g, tanhC, ...(r ? [r] : [])]) arrays.free(temporary);
  }
  if (!everyStep) view(y).set(view(h));
  return { outputs: [y, xT, hPrevT, cPrev, record, ...(keep ? [keep] : [])], scratch: [p, h, c, z, zg, cNew] };
}

/**
 * Inputs: dy = ∂L/∂y ([B, T, u] when attrs.everyStep, else [B, u]), kernel W, u, and
 * sequenceForward's xT, hPrevT, cPrev, record (and keep when masked); attrs.bias: whether the
 * layer has one. Outputs ∂L/∂x [B, T, F], ∂L/∂W [F, 4u], ∂L/∂b [4u] (with a bias) and
 * ∂L/∂U = hPrevᵀ·δz [u, 4u]: δz by backpropagation through time, step by step as cellGrad,
 * then the products the per-step path runs after its kernels.
 */
export function sequenceGrad<H>(arrays: Arrays<H>, inputs: Record<string, H>, shapes: Record<string, number[]>, attrs: NamedAttrMap): StepResult<H> {
  const [steps, batch, five] = shapes.record;
  const units = five / 5;
  const four = 4 * units;
  const everyStep = attrs.everyStep as boolean;
  for (const name of ["dy", "kernel", "u", "xT", "hPrevT", "cPrev", "record"]) if (!inputs[name]) throw new Error(`BookLstmSequenceGrad: ${name} is missing`);
  const { alloc, view } = arrays;
  // δz of the steps the forward computed (from `start`; before it every δz is 0).
  const rows = shapes.hPrevT[1];
  const start = steps - rows / batch;
  const dp = alloc([steps - start, batch, four]);
  // Uᵀ copied (what tf.transpose gives), δz, δc and δh of the later step, updated in place.
  const [uT, dz, dc, dh] = [alloc([four, units]), alloc([batch, four]), alloc([batch, units]), alloc([batch, units])];
  {
    const [U, UT] = [view(inputs.u), view(uT)];
    for (let k = 0; k < four; k++) for (let j = 0; j < units; j++) UT[k * units + j] = U[j * four + k];
  }
  for (let t = steps - 1; t >= start; t--) {
    const last = t === steps - 1;
    const back = last ? null : arrays.matMul(dz, uT); // δz_{t+1}·Uᵀ, before δz is overwritten
    const [DZ, DC, DH] = [view(dz), view(dc), view(dh)];
    gradStep(
      { record: view(inputs.record), cPrev: view(inputs.cPrev), keep: inputs.keep ? view(inputs.keep) : null, dy: view(inputs.dy), dc: last ? null : DC, dhLater: last ? null : DH, back: back ? view(back) : null, dz: DZ, dcOut: DC, dhOut: DH },
      t,
      steps,
      batch,
      units,
      everyStep
    );
    view(dp).set(DZ, (t - start) * batch * four);
    if (back) arrays.free(back);
  }
  const du = arrays.matMul(inputs.hPrevT, arrays.reshape(dp, [rows, four]));
  return { outputs: [...inputGradients(arrays, dp, inputs, shapes, attrs.bias as boolean), du], scratch: [dp, uT, dz, dc, dh] };
}
