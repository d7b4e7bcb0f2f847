// The WGSL of the fused LSTM step programs (fused-lstm-webgpu.ts runs them): the arithmetic of
// fused-lstm-math.ts's cellStep and cellGrad, in the same order, one unit (b, j) per
// invocation. Buffers (upper case) are named as the kernel's inputs: P = p [T, B, 4u], R = h·U
// [B, 4u], C, H [B, u], K = keep [T, B, 1]; REC = record [T, B, 5u], CP = cPrev [T, B, u],
// DY = dy, BACK = δz_{t+1}·Uᵀ [B, u], DC = dc, DHL = dhLater. Each program's code mentions only
// the buffers it reads (the program binds exactly those). K is read through f32(): a mask made
// by casting bools may sit in an i32 buffer (see webgpu-kernels.ts).

export type ForwardOutput = "h" | "c" | "record";
export type BackwardOutput = "dz" | "dc" | "dh";
/** first: no u, c, h (step 0); masked: keep is given. */
export interface ForwardVariant {
  first: boolean;
  masked: boolean;
}
/** last: no dzLater, uT, dc, dhLater (step T−1); everyStep: dy is [B, T, u]. */
export interface BackwardVariant {
  last: boolean;
  masked: boolean;
  everyStep: boolean;
}

/** tfjs-webgpu's own Sigmoid and Tanh (the tanh that does not overflow for large |x|). */
const ACTIVATIONS = `
  fn bookSigmoid(x : f32) -> f32 { return 1.0 / (1.0 + exp(-1.0 * x)); }
  fn bookTanh(x : f32) -> f32 {
    let e2x = exp(-2.0 * abs(x));
    return sign(x) * (1.0 - e2x) / (1.0 + e2x);
  }`;

/** One unit (b, j) per invocation: B·u invocations, each writing its unit's values of the
 * output (1, or 4 and 5 for δz and the record), so the gates are computed once per unit. */
function program(body: string): string {
  return `${ACTIVATIONS}
  fn main(index : i32) {
    let U = uniforms.units;
    let B = uniforms.batch;
    if (index < B * U) {
      let t = uniforms.step;
      let b = index / U;
      let j = index % U;
      let state = index;
      ${body}
    }
  }`;
}

/** i, f, g, o, c_new and tanh c_new of unit (b, j) at step t:
 *  z = p_t + h·U;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_g);  c_new = f·c + i·g. */
function forwardCell(first: boolean): string {
  const z = (gate: number) => (first ? `P[pRow + ${gate} * U + j]` : `(P[pRow + ${gate} * U + j] + R[b * 4 * U + ${gate} * U + j])`);
  return `
      let pRow = (t * B + b) * 4 * U;
      let i = bookSigmoid(${z(0)});
      let f = bookSigmoid(${z(1)});
      let g = bookTanh(${z(2)});
      let o = bookSigmoid(${z(3)});
      let cNew = ${first ? "i * g" : "f * C[state] + i * g"};
      let tanhC = bookTanh(cNew);`;
}

/** The forward program for one output: h′ and c′ (carried over where keep is 0, zero at the
 * first step) and the record (i, f, g, o, tanh c_new) for the backward step. */
export function cellForwardCode(output: ForwardOutput, { first, masked }: ForwardVariant): string {
  if (output === "record") {
    return program(`${forwardCell(first)}
      let out = b * 5 * U + j;
      setOutputAtIndex(out, i);
      setOutputAtIndex(out + U, f);
      setOutputAtIndex(out + 2 * U, g);
      setOutputAtIndex(out + 3 * U, o);
      setOutputAtIndex(out + 4 * U, tanhC);`);
  }
  const [fresh, carried] = output === "h" ? ["o * tanhC", first ? "0.0" : "H[state]"] : ["cNew", first ? "0.0" : "C[state]"];
  const value = masked ? `select(${carried}, ${fresh}, f32(K[t * B + b]) != 0.0)` : fresh;
  return program(`${forwardCell(first)}
      setOutputAtIndex(state, ${value});`);
}

/** δh of unit (b, j) at step t: δz_{t+1}·Uᵀ + δh_{t+1}·(1 − keep_{t+1}) (+ dy_t). */
function backwardDh({ last, masked, everyStep }: BackwardVariant): string {
  const dyNow = everyStep ? "DY[(b * uniforms.steps + t) * U + j]" : "DY[state]";
  if (last) return `let dh = ${dyNow};`;
  const later = masked ? "BACK[state] + DHL[state] * (1.0 - f32(K[(t + 1) * B + b]))" : "BACK[state]";
  return everyStep ? `let dh = (${later}) + ${dyNow};` : `let dh = ${later};`;
}

/** The record of unit (b, j) at step t, keep_t, and δc̄ = δc + δh·Q with Q = o·(1 − tanh²c)·keep. */
function backwardCell({ last, masked }: BackwardVariant): string {
  return `
      let rec = (t * B + b) * 5 * U + j;
      let i = REC[rec];
      let f = REC[rec + U];
      let g = REC[rec + 2 * U];
      let o = REC[rec + 3 * U];
      let tanhC = REC[rec + 4 * U];
      let keepNow = ${masked ? "f32(K[t * B + b])" : "1.0"};
      let q = o * (1.0 - tanhC * tanhC)${masked ? " * keepNow" : ""};
      let dhq = dh * q;
      let dcBar = ${last ? "dhq" : "DC[state] + dhq"};`;
}

/** The backward program for one output: δz [B, 4u], δc into step t−1 and this step's δh:
 *   δz = [δc̄, δc̄, δc̄, δh] ⊙ [g·σ′(i), c_prev·σ′(f), i·(1 − g²), tanh c·σ′(o)]·keep
 *   δc_prev = δc̄·(f·keep + 1 − keep) */
export function cellBackwardCode(output: BackwardOutput, variant: BackwardVariant): string {
  const dh = backwardDh(variant);
  if (output === "dh") return program(`${dh}\n      setOutputAtIndex(state, dh);`);
  const cell = `${dh}${backwardCell(variant)}`;
  if (output === "dc") {
    const forget = variant.masked ? "f * keepNow + (1.0 - keepNow)" : "f";
    return program(`${cell}\n      setOutputAtIndex(state, dcBar * (${forget}));`);
  }
  const k = variant.masked ? " * keepNow" : "";
  return program(`${cell}
      let out = b * 4 * U + j;
      setOutputAtIndex(out, dcBar * (g * (i * (1.0 - i))${k}));
      setOutputAtIndex(out + U, dcBar * (CP[t * B * U + state] * (f * (1.0 - f))${k}));
      setOutputAtIndex(out + 2 * U, dcBar * (i * (1.0 - g * g)${k}));
      setOutputAtIndex(out + 3 * U, dh * (tanhC * (o * (1.0 - o))${k}));`);
}
