// The arithmetic of one LSTM time step and of its gradient, for the fused kernels of
// fused-lstm.ts (one kernel per step) and fused-lstm-seq-math.ts (the same step functions
// looped over the whole sequence inside one kernel). Every operation is the one components/nn/fast-lstm.ts's unfused path runs as
// a tfjs op, in the same order, each result rounded to float32 (Math.fround) as a tensor
// stores it; sigmoid and tanh are the backend's own (cpu: JavaScript's Math.exp and Math.tanh
// as tfjs-backend-cpu computes them; wasm: its C kernels, called directly). The fused kernels
// therefore give bit for bit what the unfused ops give on the same backend
// (tests/backend/fused-lstm.test.ts).
//
// Layout (time-major, as fast-lstm.ts keeps it): u units, B rows, gates in tf.layers' order
// i, f, c̃ (here g), o along the last axis of z [B, 4u].
import type { NamedAttrMap } from "@tensorflow/tfjs-core";

/** Float32 arrays as a backend holds them: `H` is its handle (wasm: a tensor on the heap). */
export interface Arrays<H> {
  alloc(shape: number[]): H;
  /** The values, valid until the next alloc, sigmoid or tanh (the wasm heap may grow). */
  view(h: H): Float32Array;
  /** Elementwise, into a new array: the backend's own Sigmoid and Tanh. */
  sigmoid(h: H): H;
  tanh(h: H): H;
  /** a·b (aᵀ·b with transposeA) into a new array: the backend's own BatchMatMul, as
   * tf.matMul runs it. */
  matMul(a: H, b: H, transposeA?: boolean): H;
  /** a·b + bias (bias null: none) into a new array: the backend's own _FusedMatMul, as
   * tf.fused.matMul runs it (linear activation). */
  fusedMatMul(a: H, b: H, bias: H | null): H;
  /** Σ over `axis` into a new array: the backend's own Sum, as tf.sum runs it. */
  sum(x: H, axis: number[]): H;
  /** The same values under another shape (tf.reshape's view: nothing copied, not to be freed). */
  reshape(h: H, shape: number[]): H;
  /** Frees an array made by alloc, sigmoid, tanh or matMul. */
  free(h: H): void;
}

/** What a step returns: its outputs, and the scratch arrays the caller frees. */
export interface StepResult<H> {
  outputs: H[];
  scratch: H[];
}

const f32 = Math.fround;
const sigmoidSlope = (s: number) => f32(s * f32(1 - s));
const tanhSlope = (t: number) => f32(1 - f32(t * t));

/** z = p_t (+ r = h·U), and its c̃ column copied out (tanh runs on that column alone). */
export function gateInputs(P: Float32Array, base: number, R: Float32Array | null, Z: Float32Array, ZG: Float32Array, batch: number, units: number): void {
  const four = 4 * units;
  const n = batch * four;
  // A Float32Array store rounds to float32 as Math.fround does.
  if (R) for (let e = 0; e < n; e++) Z[e] = P[base + e] + R[e];
  else for (let e = 0; e < n; e++) Z[e] = P[base + e];
  for (let b = 0; b < batch; b++) for (let j = 0; j < units; j++) ZG[b * units + j] = Z[b * four + 2 * units + j];
}

/** c_new = f·c + i·g (i·g alone at the first step, C null); S = σ of all four gate columns. */
export function cellState(S: Float32Array, G: Float32Array, C: Float32Array | null, CN: Float32Array, batch: number, units: number): void {
  const four = 4 * units;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) {
      const row = b * four + j;
      const state = b * units + j;
      const ig = f32(S[row] * G[state]);
      CN[state] = C ? f32(S[row + units] * C[state]) + ig : ig;
    }
  }
}

/** The step's carried h and c (the previous ones, 0 at the first step, where keep is 0) into
 * HO, CO, and its record (i, f, g, o, tanh c_new) into REC from `recBase`. HO may be H and CO
 * may be C (each element is read before it is written). */
export function stepOutputs(
  gates: { S: Float32Array; G: Float32Array; TC: Float32Array; CN: Float32Array },
  previous: { H: Float32Array | null; C: Float32Array | null; K: Float32Array | null; keepBase: number },
  out: { HO: Float32Array; CO: Float32Array; REC: Float32Array; recBase: number },
  batch: number,
  units: number
): void {
  const { S, G, TC, CN } = gates;
  const { H, C, K, keepBase } = previous;
  const { HO, CO, REC, recBase } = out;
  const four = 4 * units;
  for (let b = 0; b < batch; b++) {
    const kept = K ? K[keepBase + b] !== 0 : true;
    for (let j = 0; j < units; j++) {
      const row = b * four + j;
      const state = b * units + j;
      const rec = recBase + b * 5 * units + j;
      HO[state] = kept ? f32(S[row + 3 * units] * TC[state]) : H ? H[state] : 0;
      CO[state] = kept ? CN[state] : C ? C[state] : 0;
      REC[rec] = S[row];
      REC[rec + units] = S[row + units];
      REC[rec + 2 * units] = G[state];
      REC[rec + 3 * units] = S[row + 3 * units];
      REC[rec + 4 * units] = TC[state];
    }
  }
}

/**
 * Forward step t. Inputs: p [T, B, 4u] (every step's x·W + b); u [u, 4u] the recurrent kernel
 * U, and c, h [B, u] carried from step t−1 (all three absent at the first step, where h = c = 0);
 * keep [T, B, 1] (1 a real input, 0 padding; absent without a mask). attrs.step = t.
 * Returns the outputs h′, c′ [B, u] (carried over where keep is 0) and the record [B, 5u] the
 * backward step reads (i, f, g, o, tanh c_new), and the scratch arrays to free:
 *   z = p_t + r;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_g);  c_new = f·c + i·g;  h_new = o·tanh(c_new)
 */
export function cellStep<H>(arrays: Arrays<H>, inputs: Record<string, H>, shapes: Record<string, number[]>, attrs: NamedAttrMap): StepResult<H> {
  const [, batch, four] = shapes.p;
  const units = four / 4;
  const t = attrs.step as number;
  const first = !inputs.u;
  if (first !== !inputs.c || first !== !inputs.h) throw new Error("BookLstmCell: u, c and h are all given after the first step, none at it");
  const { view } = arrays;
  const r = first ? null : arrays.matMul(inputs.h, inputs.u); // h·U
  const [hOut, cOut, record] = [arrays.alloc([batch, units]), arrays.alloc([batch, units]), arrays.alloc([batch, 5 * units])];
  const [z, zg, cNew] = [arrays.alloc([batch, four]), arrays.alloc([batch, units]), arrays.alloc([batch, units])];
  gateInputs(view(inputs.p), t * batch * four, r ? view(r) : null, view(z), view(zg), batch, units);
  const [gates, g] = [arrays.sigmoid(z), arrays.tanh(zg)]; // σ of all four; the g column unused
  cellState(view(gates), view(g), first ? null : view(inputs.c), view(cNew), batch, units);
  const tanhC = arrays.tanh(cNew);
  stepOutputs(
    { S: view(gates), G: view(g), TC: view(tanhC), CN: view(cNew) },
    { H: inputs.keep && !first ? view(inputs.h) : null, C: first ? null : view(inputs.c), K: inputs.keep ? view(inputs.keep) : null, keepBase: t * batch },
    { HO: view(hOut), CO: view(cOut), REC: view(record), recBase: 0 },
    batch,
    units
  );
  return { outputs: [hOut, cOut, record], scratch: [z, zg, cNew, gates, g, tanhC, ...(r ? [r] : [])] };
}

/** What one backward step reads and writes (full arrays are indexed at step t). */
export interface GradStepArrays {
  /** [T, B, 5u], [T, B, u], keep [T, B, 1] or null. */
  record: Float32Array;
  cPrev: Float32Array;
  keep: Float32Array | null;
  /** ∂L/∂output: [B, T, u] when everyStep, else [B, u] (read at the last step only). */
  dy: Float32Array;
  /** From step t+1, null at the last step: δc [B, u], its δh [B, u], back = δz_{t+1}·Uᵀ [B, u]. */
  dc: Float32Array | null;
  dhLater: Float32Array | null;
  back: Float32Array | null;
  /** This step's δz [B, 4u], δc into step t−1 and δh [B, u]; dcOut may be dc and dhOut
   * dhLater (each element is read before it is written). */
  dz: Float32Array;
  dcOut: Float32Array;
  dhOut: Float32Array;
}

/** The arithmetic of backward step t (see cellGrad). */
export function gradStep(a: GradStepArrays, t: number, steps: number, batch: number, units: number, everyStep: boolean): void {
  const { record, cPrev, keep, dy, dz, dcOut, dhOut } = a;
  const last = !a.dc;
  const [dc, dhLater, backV] = [a.dc!, a.dhLater!, a.back!];
  for (let b = 0; b < batch; b++) {
    const k = keep ? keep[t * batch + b] : 1;
    const passedLater = keep && !last ? f32(1 - keep[(t + 1) * batch + b]) : 0;
    const drop = f32(1 - k);
    for (let j = 0; j < units; j++) {
      const state = b * units + j;
      const rec = (t * batch + b) * 5 * units + j;
      const i = record[rec];
      const f = record[rec + units];
      const g = record[rec + 2 * units];
      const o = record[rec + 3 * units];
      const tanhC = record[rec + 4 * units];
      const dyNow = everyStep ? dy[(b * steps + t) * units + j] : last ? dy[state] : 0;
      let dh = last ? dyNow : keep ? f32(backV[state] + f32(dhLater[state] * passedLater)) : backV[state];
      if (everyStep && !last) dh = f32(dh + dyNow);
      let q = f32(o * tanhSlope(tanhC));
      let si = f32(g * sigmoidSlope(i));
      let sf = f32(cPrev[t * batch * units + state] * sigmoidSlope(f));
      let sg = f32(i * tanhSlope(g));
      let so = f32(tanhC * sigmoidSlope(o));
      let forget = f;
      if (keep) {
        q = f32(q * k);
        si = f32(si * k);
        sf = f32(sf * k);
        sg = f32(sg * k);
        so = f32(so * k);
        forget = f32(f32(f * k) + drop);
      }
      const dhq = f32(dh * q);
      const dcBar = last ? dhq : f32(dc[state] + dhq);
      const row = b * 4 * units + j;
      dz[row] = f32(dcBar * si);
      dz[row + units] = f32(dcBar * sf);
      dz[row + 2 * units] = f32(dcBar * sg);
      dz[row + 3 * units] = f32(dh * so);
      dcOut[state] = f32(dcBar * forget);
      dhOut[state] = dh;
    }
  }
}

/**
 * Backward step t (run from the last step to the first). Inputs: record [T, B, 5u] (every
 * forward step's records, stacked) and cPrev [T, B, u] (the c carried into each step, 0 into
 * the first), of which step t is read; dy = ∂L/∂output, [B, T, u] when every step is returned
 * (attrs.everyStep) else [B, u]; from step t+1 (all absent at the last step): dzLater = its δz
 * [B, 4u] with uT = Uᵀ [4u, u] (back = dzLater·Uᵀ), dc [B, u] and dhLater = its δh [B, u].
 * keep [T, B, 1] as forward. Outputs: δz [B, 4u], δc into step t−1 [B, u], δh of this step [B, u]:
 *   δh = back + δh_{t+1}·(1 − keep_{t+1}) (+ dy_t);   δc̄ = δc + δh·Q,  Q = o·(1 − tanh²c)·keep
 *   δz = [δc̄, δc̄, δc̄, δh] ⊙ [g·σ′(i), c_prev·σ′(f), i·(1 − g²), tanh c·σ′(o)]·keep
 *   δc_prev = δc̄·(f·keep + 1 − keep)
 */
export function cellGrad<H>(arrays: Arrays<H>, inputs: Record<string, H>, shapes: Record<string, number[]>, attrs: NamedAttrMap): StepResult<H> {
  const [steps, batch, five] = shapes.record;
  const units = five / 5;
  const last = !inputs.dzLater;
  if (last !== !inputs.uT || last !== !inputs.dc || last !== !inputs.dhLater) throw new Error("BookLstmCellGrad: dzLater, uT, dc and dhLater are all given before the last step, none at it");
  const outputs = [arrays.alloc([batch, 4 * units]), arrays.alloc([batch, units]), arrays.alloc([batch, units])];
  const back = last ? null : arrays.matMul(inputs.dzLater, inputs.uT);
  const v = (h: H | null | undefined) => (h ? arrays.view(h) : null);
  const [dz, dcOut, dhOut] = outputs.map((o) => arrays.view(o));
  gradStep(
    { record: v(inputs.record)!, cPrev: v(inputs.cPrev)!, keep: v(inputs.keep), dy: v(inputs.dy)!, dc: v(inputs.dc), dhLater: v(inputs.dhLater), back: v(back), dz, dcOut, dhOut },
    attrs.step as number,
    steps,
    batch,
    units,
    attrs.everyStep as boolean
  );
  return { outputs, scratch: back ? [back] : [] };
}
