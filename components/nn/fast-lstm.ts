// An LSTM layer that computes what tf.layers.lstm computes, with far fewer kernels.
// tf.layers.lstm runs the whole cell once per time step (input product, recurrent product,
// bias, four gates, mask) inside nested tidies and Keras's generic rnn() loop, and autodiff
// adds several kernels for each of those; a training step of 3.3's name classifier cost
// ~2,500 kernels, and for a model this small the fixed cost per kernel, not the
// arithmetic, sets the speed (issue 27). Here:
//   - the input projection x·W + b of every time step is one matrix product;
//   - a step is then h·U plus that step's slice, one split, the activations, c and h;
//   - a masked step (maskZero padding) keeps the previous h and c, as tf.layers does.
//   - the gradient is backpropagation through time written out as one custom op (the
//     input projection's gradient is tfjs's autodiff), checked against tf.layers.lstm's
//     autodiff gradients in tests/nn/fast-lstm.test.ts.
// The layer runs, fastest first, as whatever the backend has: two kernels for all of it
// (input projection, mask and every step forward; all gradients back: components/backend/
// fused-lstm-seq.ts, cpu and wasm), one kernel per step each way (fused-lstm.ts; also
// webgpu's path), or the tfjs ops written out below.
// All three give the same bits on one backend (tests/backend/fused-lstm*.test.ts).
// The weights are those of a tf.layers LSTMCell (same names, layout i, f, c̃, o, initialisers
// and unitForgetBias), so a seed gives the same initial weights as tf.layers.lstm and
// weights copy across both ways. Gates: sigmoid and tanh, as in the chapter and PyTorch.
import * as tf from "@book/tf";
import { FastRecurrentLayer, timeMajorInputs, type SequenceArgs } from "./fast-recurrent-layer.js";
import { LSTM_CELL, LSTM_CELL_GRAD, LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD } from "./fused-lstm-names.js";

type LstmCell = ReturnType<typeof tf.layers.lstmCell>;
type CellArgs = Parameters<typeof tf.layers.lstmCell>[0];

export type FastLstmArgs = CellArgs & SequenceArgs;

export class FastLstm extends FastRecurrentLayer<LstmCell> {
  static className = "FastLSTM";

  constructor(args: FastLstmArgs) {
    if ((args.dropout ?? 0) > 0 || (args.recurrentDropout ?? 0) > 0) throw new Error("FastLstm: dropout is not supported (use tf.layers.lstm)");
    for (const option of ["returnState", "goBackwards", "stateful"] as const) {
      if ((args as unknown as Record<string, unknown>)[option]) throw new Error(`FastLstm: ${option} is not supported (use tf.layers.lstm)`);
    }
    // The cell only holds the weights and the activations; its call() is never used.
    const cell = tf.layers.lstmCell(args);
    // The backward pass below is written for these two (the chapter's and PyTorch's LSTM).
    const [gate, squash] = [cell.recurrentActivation.getClassName(), cell.activation.getClassName()];
    if (gate !== "sigmoid" || squash !== "tanh") throw new Error(`FastLstm computes recurrentActivation "sigmoid" and activation "tanh" only (got ${gate}, ${squash}); tf.layers.lstm takes others`);
    super(args, cell);
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const mask = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      const steps = x.shape[1];
      if (steps < 1) throw new Error("FastLstm: the sequence has no time steps");
      const { cell } = this;
      if (registered(LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD)) {
        const weights = { kernel: cell.kernel.read(), bias: cell.useBias ? cell.bias.read() : null, u: cell.recurrentKernel.read() };
        return sequenceLayer(x.dtype === "float32" ? x : tf.cast(x, "float32"), weights, mask ?? null, this.returnSequences);
      }
      const { projected, keep } = timeMajorInputs(x, cell.kernel.read(), cell.useBias ? cell.bias.read() : null, mask);
      const run = registered(LSTM_CELL, LSTM_CELL_GRAD) ? fusedRecurrence : recurrence;
      return run(projected, cell.recurrentKernel.read() as tf.Tensor2D, keep, this.returnSequences);
    });
  }

}
tf.serialization.registerClass(FastLstm);

/** Same arguments as tf.layers.lstm (without dropout, state or reversal options). */
export function fastLstm(args: FastLstmArgs): FastLstm {
  return new FastLstm(args);
}

/**
 * The recurrence over p [T, batch, 4u] (every step's x·W + b, time-major) with U [u, 4u]:
 *   z = p_t + h·U;  i, f, o = σ(z_i, z_f, z_o);  c̃ = tanh(z_c);  c = f⊙c + i⊙c̃;  h = o⊙tanh(c)
 * and, where keep[t] (1 real input, 0 padding; [T, batch, 1]) is 0, h and c carried over.
 * Returns h of the last step [batch, u] or of every step [batch, T, u]. Its gradient is
 * backpropagation through time written out (backward below), one custom op for autodiff:
 * tfjs's tape would otherwise clone every saved input of every small op (the 795 Identity
 * kernels of a tf.layers.lstm step) and add several kernels per op for its gradient.
 */
function recurrence(p: tf.Tensor3D, u: tf.Tensor2D, keep: tf.Tensor3D | null, everyStep: boolean): tf.Tensor {
  const op = tf.customGrad(((pIn: tf.Tensor3D, uIn: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const [steps, batch, four] = pIn.shape;
    const units = four / 4;
    const inputs = byStep(pIn);
    const carry = keep ? tf.unstack(tf.cast(tf.broadcastTo(keep, [steps, batch, units]), "bool")) : null;
    const zero = tf.zeros([batch, units]);
    let h = zero;
    let c = zero;
    const [zs, cNews, hs, cs] = [[], [], [], []] as tf.Tensor[][];
    for (let t = 0; t < steps; t++) {
      // h and c start at zero: the first step has no recurrent product and no f⊙c.
      const z = t ? tf.add(inputs[t], tf.matMul(h, uIn)) : inputs[t];
      const [zi, zf, zc, zo] = tf.split(z, 4, 1);
      const ic = tf.mul(tf.sigmoid(zi), tf.tanh(zc));
      const cNew = t ? tf.add(tf.mul(tf.sigmoid(zf), c), ic) : ic;
      const hNew = tf.mul(tf.sigmoid(zo), tf.tanh(cNew));
      zs.push(z);
      cNews.push(cNew);
      h = carry ? select(carry[t], hNew, h) : hNew;
      c = carry ? select(carry[t], cNew, c) : cNew;
      hs.push(h);
      cs.push(c);
    }
    // What the backward pass needs, stacked over time (saved only while taping gradients).
    save([tf.stack(zs), tf.stack(cNews), tf.stack([zero, ...cs.slice(0, -1)]), tf.stack([zero, ...hs.slice(0, -1)]), ...(keep ? [keep] : [])]);
    return { value: everyStep ? tf.stack(hs, 1) : h, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy, saved, uIn, everyStep) };
  }) as unknown as CustomOp);
  return op(p, u);
}

/** Whether the current backend has both kernels: the whole-sequence pair
 * (components/backend/fused-lstm-seq.ts) or the per-step pair (fused-lstm.ts), cpu and wasm
 * once registered; webgpu and webgl only what their own modules register. */
function registered(forward: string, backward: string): boolean {
  const backend = tf.getBackend();
  return !!tf.getKernel(forward, backend) && !!tf.getKernel(backward, backend);
}

type CustomOp = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/**
 * recurrence() with one fused kernel per step (components/backend/fused-lstm-math.ts: the
 * same float32 operations in the same order, h·U included): 1 kernel a step forward and 1
 * backward instead of ~13 and ~9. Each step's kernel reads its slice of p and of the mask in
 * place, so nothing is unstacked; it records i, f, g, o and tanh c for the backward step.
 */
function fusedRecurrence(p: tf.Tensor3D, u: tf.Tensor2D, keep: tf.Tensor3D | null, everyStep: boolean): tf.Tensor {
  const op = tf.customGrad(((pIn: tf.Tensor3D, uIn: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const [steps, batch, four] = pIn.shape;
    const [records, cs, hs] = [[], [], []] as tf.Tensor[][];
    for (let t = 0; t < steps; t++) {
      const inputs: tf.NamedTensorMap = { p: pIn };
      if (keep) inputs.keep = keep;
      if (t) Object.assign(inputs, { u: uIn, c: cs[t - 1], h: hs[t - 1] });
      const [h, c, record] = tf.engine().runKernel(LSTM_CELL, inputs, { step: t }) as tf.Tensor[];
      [hs[t], cs[t], records[t]] = [h, c, record];
    }
    // Saved stacked over time: tfjs clones every saved tensor (an Identity kernel each).
    const zero = tf.zeros([batch, four / 4]);
    save([tf.stack([zero, ...hs.slice(0, -1)]), tf.stack(records), tf.stack([zero, ...cs.slice(0, -1)]), ...(keep ? [keep] : [])]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => fusedBackward(dy, saved, uIn, everyStep);
    return { value: everyStep ? tf.stack(hs, 1) : hs[steps - 1], gradFunc };
  }) as unknown as CustomOp);
  return op(p, u);
}

/**
 * The whole layer as two kernels: the input projection, the mask and every step forward in
 * one (the per-step kernel's arithmetic in a loop, components/backend/fused-lstm-seq-math.ts),
 * and the gradients of x, W, b and U, backpropagation through every step included, in one.
 * The forward kernel writes what the backward reads as it goes.
 */
function sequenceLayer(x: tf.Tensor, weights: { kernel: tf.Tensor; bias: tf.Tensor | null; u: tf.Tensor }, mask: tf.Tensor | null, everyStep: boolean): tf.Tensor {
  const hasBias = !!weights.bias;
  const op = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [xIn, kernel, ...rest] = args as tf.Tensor[];
    const [bias, u] = hasBias ? rest : [null, rest[0]];
    const inputs: tf.NamedTensorMap = { x: xIn, kernel, u };
    if (bias) inputs.bias = bias;
    if (mask) inputs.mask = mask;
    const [y, ...saved] = tf.engine().runKernel(LSTM_SEQUENCE, inputs, { everyStep }) as tf.Tensor[];
    save(saved);
    const gradFunc = (dy: tf.Tensor, [xT, hPrevT, cPrev, record, keep]: tf.Tensor[]) => {
      const grads: tf.NamedTensorMap = { dy, kernel, u, xT, hPrevT, cPrev, record };
      if (keep) grads.keep = keep;
      return tf.engine().runKernel(LSTM_SEQUENCE_GRAD, grads, { everyStep, bias: hasBias }) as tf.Tensor[];
    };
    return { value: y, gradFunc };
  }) as unknown as CustomOp);
  return hasBias ? op(x, weights.kernel, weights.bias!, weights.u) : op(x, weights.kernel, weights.u);
}

/** ∂L/∂p and ∂L/∂U: per step one fused kernel (δz, δc, δh from the later step's δz·Uᵀ, δc, δh);
 * then one δU product. The kernel reads step t of the saved records, c_prev and mask in place. */
function fusedBackward(dy: tf.Tensor, [hPrev, record, cPrev, keep]: tf.Tensor[], u: tf.Tensor, everyStep: boolean): tf.Tensor[] {
  const [steps, batch, units] = hPrev.shape;
  const uT = tf.transpose(u);
  const dzs: tf.Tensor[] = new Array(steps);
  let later: tf.NamedTensorMap = {};
  for (let t = steps - 1; t >= 0; t--) {
    const inputs: tf.NamedTensorMap = { record, cPrev, dy, ...later };
    if (keep) inputs.keep = keep;
    const [dz, dc, dh] = tf.engine().runKernel(LSTM_CELL_GRAD, inputs, { step: t, everyStep }) as tf.Tensor[];
    dzs[t] = dz;
    later = { dzLater: dz, uT, dc, dhLater: dh };
  }
  const dz = tf.stack(dzs);
  const du = tf.matMul(tf.reshape(hPrev, [steps * batch, units]), tf.reshape(dz, [steps * batch, 4 * units]), true, false);
  return [dz, du];
}

/** x[t] for every t of x [T, …]: one Unpack kernel (the book's WASM Unpack copies only each
 * piece, components/backend/wasm-slice.ts; tfjs-wasm 4.22's copied the whole input per piece). */
function byStep(x: tf.Tensor): tf.Tensor[] {
  return tf.unstack(x);
}

/** tf.where for operands of one shape: the Select kernel alone (tf.where first runs
 * broadcastTo on all three, three more kernels, even when the shapes already agree). */
function select(condition: tf.Tensor, ifTrue: tf.Tensor, ifFalse: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(tf.Select, { condition, t: ifTrue, e: ifFalse }) as tf.Tensor;
}

/**
 * ∂L/∂p and ∂L/∂U from ∂L/∂output. The per-step factors that do not depend on the incoming
 * gradient are computed for all steps at once first; each step then needs ~8 small kernels:
 *   δc̄ = δc + δh⊙Q,   Q = o⊙(1 − tanh²c)                 (∂h/∂c through this step)
 *   δz = [δc̄, δc̄, δc̄, δh] ⊙ S,  S = [c̃⊙σ′(i), c_prev⊙σ′(f), i⊙(1 − c̃²), tanh c⊙σ′(o)]
 *   δc_prev = δc̄⊙F,   δh_prev = δz·Uᵀ (+ δh where padded)
 * A padded step has Q = S = 0 and F = 1, so δh and δc pass through it unchanged.
 */
function backward(dy: tf.Tensor, [z, cNew, cPrev, hPrev, keep]: tf.Tensor[], u: tf.Tensor, everyStep: boolean): tf.Tensor[] {
  const [steps, batch, four] = z.shape;
  const units = four / 4;
  const [zi, zf, zc, zo] = tf.split(z, 4, 2);
  const [i, f, g, o, tanhC] = [tf.sigmoid(zi), tf.sigmoid(zf), tf.tanh(zc), tf.sigmoid(zo), tf.tanh(cNew)];
  const sigmoidSlope = (s: tf.Tensor) => tf.mul(s, tf.sub(1, s));
  const tanhSlope = (t: tf.Tensor) => tf.sub(1, tf.square(t));
  let q = tf.mul(o, tanhSlope(tanhC));
  let s = tf.concat([tf.mul(g, sigmoidSlope(i)), tf.mul(cPrev, sigmoidSlope(f)), tf.mul(i, tanhSlope(g)), tf.mul(tanhC, sigmoidSlope(o))], 2);
  let forget = f;
  let passed: tf.Tensor[] | null = null; // 1 where a step was padding
  if (keep) {
    const drop = tf.sub(1, keep);
    [q, s, forget] = [tf.mul(q, keep), tf.mul(s, keep), tf.add(tf.mul(f, keep), drop)];
    passed = tf.unstack(drop);
  }
  const [qs, ss, forgets] = [byStep(q), byStep(s), byStep(forget)];
  const dys = everyStep ? byStep(tf.transpose(dy, [1, 0, 2])) : null;
  const uT = tf.transpose(u);
  let dh: tf.Tensor | null = everyStep ? null : dy;
  let dc: tf.Tensor | null = null;
  const dzs: tf.Tensor[] = new Array(steps);
  for (let t = steps - 1; t >= 0; t--) {
    if (dys) dh = dh ? tf.add(dh, dys[t]) : dys[t];
    const dcBar: tf.Tensor = dc ? tf.add(dc, tf.mul(dh!, qs[t])) : tf.mul(dh!, qs[t]);
    dzs[t] = tf.mul(tf.concat([dcBar, dcBar, dcBar, dh!], 1), ss[t]);
    if (t === 0) break;
    dc = tf.mul(dcBar, forgets[t]);
    const back = tf.matMul(dzs[t], uT);
    dh = passed ? tf.add(back, tf.mul(dh!, passed[t])) : back;
  }
  const dz = tf.stack(dzs);
  const du = tf.matMul(tf.reshape(hPrev, [steps * batch, units]), tf.reshape(dz, [steps * batch, four]), true, false);
  return [dz, du];
}
