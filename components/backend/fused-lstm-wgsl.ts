// The WGSL of the fused LSTM step programs (fused-lstm-webgpu.ts runs them): the arithmetic of
// fused-lstm-math.ts's cellStep and cellGrad, in the same order, one unit (b, j) per
// invocation. Buffers (upper case) are named as the kernel's inputs: P = p [T, B, 4u], UW = u
// [u, 4u], C, H [B, u], K = keep [T, B, 1]; REC = record [T, B, 5u], CP = cPrev [T, B, u],
// DY = dy, DZL = dzLater [B, 4u], UT = uT [4u, u], DC = dc, DHL = dhLater. The step's matrix
// products are plain sums in index order (a backend's BatchMatMul may round differently), in
// one program each way; the others read its output (GATES = this step's record, DH = δh).
// Each program's code mentions only the buffers it reads (the program binds exactly those:
// at most 5 inputs and the output, within WebGPU's default of 8 storage buffers a stage).
// K is read through f32(): a mask made by casting bools may sit in an i32 buffer (see
// webgpu-kernels.ts).

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

/** (h·U)[b, col] and (δz_{t+1}·Uᵀ)[b, j]: the step's matrix products, one element each. */
const PRODUCTS = {
  recurrent: `
  fn recurrent(b : i32, col : i32) -> f32 {
    let U = uniforms.units;
    var sum = 0.0;
    for (var k = 0; k < U; k = k + 1) { sum = sum + H[b * U + k] * UW[k * 4 * U + col]; }
    return sum;
  }`,
  backProduct: `
  fn backProduct(b : i32, j : i32) -> f32 {
    let U = uniforms.units;
    var sum = 0.0;
    for (var k = 0; k < 4 * U; k = k + 1) { sum = sum + DZL[b * 4 * U + k] * UT[k * U + j]; }
    return sum;
  }`
};

/** One unit (b, j) per invocation: B·u invocations, each writing its unit's values of the
 * output (1, or 4 and 5 for δz and the record), so the gates are computed once per unit.
 * The product functions come only where the body calls them (they read buffers). */
function program(body: string): string {
  const products = Object.entries(PRODUCTS).filter(([name]) => body.includes(`${name}(`)).map(([, code]) => code);
  return `${ACTIVATIONS}${products.join("")}
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
  const z = (gate: number) => (first ? `P[pRow + ${gate} * U + j]` : `(P[pRow + ${gate} * U + j] + recurrent(b, ${gate} * U + j))`);
  return `
      let pRow = (t * B + b) * 4 * U;
      let i = bookSigmoid(${z(0)});
      let f = bookSigmoid(${z(1)});
      let g = bookTanh(${z(2)});
      let o = bookSigmoid(${z(3)});
      let cNew = ${first ? "i * g" : "f * C[state] + i * g"};
      let tanhC = bookTanh(cNew);`;
}

/** The forward programs. The record (i, f, g, o, tanh c_new) runs first, with the step's
 * matrix product; h′ and c′ then read it (as GATES, [B, 5u]), carried over where keep is 0
 * and zero at the first step: c_new = f·c + i·g again, h_new = o·tanh c_new. */
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
  const [fresh, carried] = output === "h" ? ["GATES[rec + 3 * U] * GATES[rec + 4 * U]", first ? "0.0" : "H[state]"] : [first ? "i * g" : "GATES[rec + U] * C[state] + i * g", first ? "0.0" : "C[state]"];
  const value = masked ? `select(${carried}, ${fresh}, f32(K[t * B + b]) != 0.0)` : fresh;
  return program(`
      let rec = b * 5 * U + j;
      let i = GATES[rec];
      let g = GATES[rec + 2 * U];
      setOutputAtIndex(state, ${value});`);
}

/** δh of unit (b, j) at step t: δz_{t+1}·Uᵀ + δh_{t+1}·(1 − keep_{t+1}) (+ dy_t). */
function backwardDh({ last, masked, everyStep }: BackwardVariant): string {
  const dyNow = everyStep ? "DY[(b * uniforms.steps + t) * U + j]" : "DY[state]";
  if (last) return `let dh = ${dyNow};`;
  const later = masked ? "backProduct(b, j) + DHL[state] * (1.0 - f32(K[(t + 1) * B + b]))" : "backProduct(b, j)";
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

/** The backward programs. This step's δh runs first, with the step's matrix product; δz
 * [B, 4u] and δc into step t−1 then read it (as DH):
 *   δz = [δc̄, δc̄, δc̄, δh] ⊙ [g·σ′(i), c_prev·σ′(f), i·(1 − g²), tanh c·σ′(o)]·keep
 *   δc_prev = δc̄·(f·keep + 1 − keep) */
export function cellBackwardCode(output: BackwardOutput, variant: BackwardVariant): string {
  if (output === "dh") return program(`${backwardDh(variant)}\n      setOutputAtIndex(state, dh);`);
  const cell = `let dh = DH[state];${backwardCell(variant)}`;
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
