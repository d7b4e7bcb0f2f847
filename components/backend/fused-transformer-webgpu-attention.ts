// WGSL for BookAttention and BookAttentionGrad (fused-transformer.ts has the cpu/wasm
// versions): softmax(Q Kᵀ/√d_h + masks) V per head, Q|K|V side by side in one [B·T, 3d]
// matrix, heads merged in the output, and the backward pass to ∂Q|∂K|∂V. Sequences are short
// (T ≤ a few dozen), so a thread recomputes the few dot products it needs:
//   forward:  weights [B, H, T, T] (a thread per weight, its row's scores twice: max, sum),
//             then ctx (a thread per output, Σ_j P_ij V_j);
//   backward: dS = P ⊙ (dP − Σ_j P dP) / √d_h [B, H, T, T], then ∂Q = dS K, ∂K = dSᵀ Q,
//             ∂V = Pᵀ dctx (a thread per element of ∂qkv).
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { numberAttr, present, ProgramRunner, type Uniform, type WebGPUBackendLike } from "./fused-transformer-webgpu-program.js";

type Inputs = Record<string, TensorInfo | undefined>;

const NEG = "-1.0e9"; // as components/nn/attention.ts: a masked score's weight is exactly 0

/** The sizes every attention program reads, as uniforms. */
function sizes(qkv: TensorInfo, attrs: Parameters<typeof numberAttr>[0]): { uniforms: Uniform[]; batch: number; heads: number; t: number; d: number } {
  const [batch, heads] = [numberAttr(attrs, "batch"), numberAttr(attrs, "heads")];
  const [rows, width] = qkv.shape;
  const d = width / 3;
  const t = rows / batch;
  const dh = d / heads;
  const inv = numberAttr(attrs, "scale") ? 1 / Math.sqrt(dh) : 1;
  const uniforms: Uniform[] = [["t", "i32", t], ["heads", "i32", heads], ["dh", "i32", dh], ["d", "i32", d], ["inv", "f32", inv], ["causal", "i32", numberAttr(attrs, "causal") ? 1 : 0]];
  return { uniforms, batch, heads, t, d };
}

/** Index helpers over Qkv: q/k/v(row, head, c) for row = b·T + position. */
const QKV = `
  fn q(row : i32, h : i32, c : i32) -> f32 { return Qkv[row * 3 * uniforms.d + h * uniforms.dh + c]; }
  fn k(row : i32, h : i32, c : i32) -> f32 { return Qkv[row * 3 * uniforms.d + uniforms.d + h * uniforms.dh + c]; }
  fn v(row : i32, h : i32, c : i32) -> f32 { return Qkv[row * 3 * uniforms.d + 2 * uniforms.d + h * uniforms.dh + c]; }`;

/** Splits a flat index of a [B, H, T, T] tensor into b, h, i, j. */
const BHIJ = `let j = index % uniforms.t;
  let i = (index / uniforms.t) % uniforms.t;
  let h = (index / (uniforms.t * uniforms.t)) % uniforms.heads;
  let b = index / (uniforms.t * uniforms.t * uniforms.heads);`;

export const attentionWebGPU: KernelFunc = ({ inputs, backend, attrs }) => {
  const { qkv, padding } = inputs as Inputs;
  const runner = new ProgramRunner(backend as unknown as WebGPUBackendLike);
  const { uniforms, batch, heads, t, d } = sizes(qkv!, attrs);
  const weights = runner.run({
    name: "attentionWeights",
    inputs: present(["Qkv", qkv], ["Padding", padding]),
    outputShape: [batch, heads, t, t],
    uniforms,
    // The additive masks of attention.ts: (1 − padding)·NEG, NEG above the diagonal.
    functions: `${QKV}
      fn score(b : i32, h : i32, i : i32, j : i32) -> f32 {
        var dot = 0.0;
        for (var c = 0; c < uniforms.dh; c = c + 1) { dot = dot + q(b * uniforms.t + i, h, c) * k(b * uniforms.t + j, h, c); }
        var s = dot * uniforms.inv;
        ${padding ? `s = s + (1.0 - f32(Padding[b * uniforms.t + j])) * ${NEG};` : ""}
        if (uniforms.causal != 0 && j > i) { s = s + ${NEG}; }
        return s;
      }`,
    body: `${BHIJ}
      var m = score(b, h, i, 0);
      for (var x = 1; x < uniforms.t; x = x + 1) { m = max(m, score(b, h, i, x)); }
      var sum = 0.0;
      for (var x = 0; x < uniforms.t; x = x + 1) { sum = sum + exp(score(b, h, i, x) - m); }
      setOutputAtIndex(index, exp(score(b, h, i, j) - m) / sum);`
  });
  const ctx = runner.run({
    name: "attentionContext",
    inputs: [["Qkv", qkv!], ["P", weights]],
    outputShape: [batch * t, d],
    uniforms,
    functions: QKV,
    body: `let row = index / uniforms.d;
      let h = (index % uniforms.d) / uniforms.dh;
      let c = index % uniforms.dh;
      let b = row / uniforms.t;
      let i = row % uniforms.t;
      let p = ((b * uniforms.heads + h) * uniforms.t + i) * uniforms.t;
      var acc = 0.0;
      for (var j = 0; j < uniforms.t; j = j + 1) { acc = acc + P[p + j] * v(b * uniforms.t + j, h, c); }
      setOutputAtIndex(index, acc);`
  });
  return runner.finish([ctx, weights]);
};

export const attentionGradWebGPU: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dctx, qkv, weights } = inputs as Inputs;
  const runner = new ProgramRunner(backend as unknown as WebGPUBackendLike);
  const { uniforms, batch, heads, t } = sizes(qkv!, attrs);
  const dS = runner.run({
    name: "attentionGradScores",
    inputs: [["Dctx", dctx!], ["Qkv", qkv!], ["P", weights!]],
    outputShape: [batch, heads, t, t],
    uniforms,
    functions: `${QKV}
      fn dP(b : i32, h : i32, i : i32, j : i32) -> f32 {
        var s = 0.0;
        for (var c = 0; c < uniforms.dh; c = c + 1) { s = s + Dctx[(b * uniforms.t + i) * uniforms.d + h * uniforms.dh + c] * v(b * uniforms.t + j, h, c); }
        return s;
      }`,
    body: `${BHIJ}
      let p = ((b * uniforms.heads + h) * uniforms.t + i) * uniforms.t;
      var dot = 0.0;
      for (var x = 0; x < uniforms.t; x = x + 1) { dot = dot + P[p + x] * dP(b, h, i, x); }
      setOutputAtIndex(index, P[p + j] * (dP(b, h, i, j) - dot) * uniforms.inv);`
  });
  const dqkv = runner.run({
    name: "attentionGradQkv",
    inputs: [["Dctx", dctx!], ["Qkv", qkv!], ["P", weights!], ["DS", dS]],
    outputShape: qkv!.shape,
    uniforms,
    functions: QKV,
    // Column → which of Q, K, V, then head and channel; row → batch and position r.
    body: `let row = index / (3 * uniforms.d);
      let part = (index % (3 * uniforms.d)) / uniforms.d;
      let h = (index % uniforms.d) / uniforms.dh;
      let c = index % uniforms.dh;
      let b = row / uniforms.t;
      let r = row % uniforms.t;
      let base = (b * uniforms.heads + h) * uniforms.t * uniforms.t;
      var acc = 0.0;
      for (var x = 0; x < uniforms.t; x = x + 1) {
        let other = b * uniforms.t + x;
        if (part == 0) { acc = acc + DS[base + r * uniforms.t + x] * k(other, h, c); }
        else if (part == 1) { acc = acc + DS[base + x * uniforms.t + r] * q(other, h, c); }
        else { acc = acc + P[base + x * uniforms.t + r] * Dctx[other * uniforms.d + h * uniforms.dh + c]; }
      }
      setOutputAtIndex(index, acc);`
  });
  return runner.finish([dqkv]);
};
