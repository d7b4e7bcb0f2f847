// A simple RNN layer that computes what tf.layers.simpleRNN computes, with far fewer kernels.
// tf.layers.simpleRNN runs the cell once per time step inside Keras's generic rnn() loop, and
// tfjs's tape clones every saved input of every small op and adds kernels for each gradient:
// one training batch of 3.3's remember-first task at T = 25 ran 1,295 kernels (402 Identity,
// 387 Reshape). For a model this small the fixed cost per kernel, not the arithmetic, sets the
// speed. Here, as in fast-lstm.ts:
//   - the input projection x·W + b of every time step is one matrix product;
//   - the recurrence  h_t = tanh(p_t + h_{t−1}·U),  h_0 = 0  is one custom op: per step one
//     product, one add, one tanh (and one select where a maskZero mask carries h over);
//   - its gradient is backpropagation through time written out (backward below); the input
//     projection's gradient is tfjs's autodiff. Checked against tf.layers.simpleRNN's autodiff
//     in tests/nn/fast-simple-rnn.test.ts.
// The weights are those of a tf.layers SimpleRNNCell (same names, layout and initialisers), so a
// seed gives the same initial weights as tf.layers.simpleRNN and weights copy across both ways.
// Only tfjs ops: it runs on every backend.
import * as tf from "@book/tf";
import { FastRecurrentLayer, timeMajorInputs, type SequenceArgs } from "./fast-recurrent-layer.js";

type SimpleRnnCell = ReturnType<typeof tf.layers.simpleRNNCell>;
export type FastSimpleRnnArgs = Parameters<typeof tf.layers.simpleRNNCell>[0] & SequenceArgs;

export class FastSimpleRnn extends FastRecurrentLayer<SimpleRnnCell> {
  static className = "FastSimpleRNN";

  constructor(args: FastSimpleRnnArgs) {
    if ((args.dropout ?? 0) > 0 || (args.recurrentDropout ?? 0) > 0) throw new Error("FastSimpleRnn: dropout is not supported (use tf.layers.simpleRNN)");
    for (const option of ["returnState", "goBackwards", "stateful", "unroll"] as const) {
      if ((args as unknown as Record<string, unknown>)[option]) throw new Error(`FastSimpleRnn: ${option} is not supported (use tf.layers.simpleRNN)`);
    }
    const cell = tf.layers.simpleRNNCell(args);
    const activation = cell.activation.getClassName();
    if (activation !== "tanh") throw new Error(`FastSimpleRnn computes activation "tanh" only (got ${activation}); tf.layers.simpleRNN takes others`);
    super(args, cell);
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const mask = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      const [batch, steps, features] = x.shape;
      if (steps < 1) throw new Error("FastSimpleRnn: the sequence has no time steps");
      // Checked before any op: an op taped for gradients before a throw keeps its saved
      // tensors (tfjs disposes a tape's saved tensors only once its gradients are computed).
      if (features !== this.cell.kernel.shape[0]) throw new Error(`FastSimpleRnn was built for ${this.cell.kernel.shape[0]} features per step, got ${features}`);
      if (mask && (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== steps)) throw new Error(`FastSimpleRnn: the mask must be [${batch}, ${steps}], got [${mask.shape.join(", ")}]`);
      const { cell } = this;
      const { projected, keep } = timeMajorInputs(x, cell.kernel.read(), cell.useBias ? cell.bias.read() : null, mask);
      return recurrence(projected, cell.recurrentKernel.read() as tf.Tensor2D, keep, this.returnSequences);
    });
  }
}
tf.serialization.registerClass(FastSimpleRnn);

/** Same arguments as tf.layers.simpleRNN (tanh only; without dropout, state or reversal options). */
export function fastSimpleRnn(args: FastSimpleRnnArgs): FastSimpleRnn {
  return new FastSimpleRnn(args);
}

type CustomOp = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/**
 * The recurrence over p [T, batch, u] (every step's x·W + b, time-major) with U [u, u]:
 *   h_t = tanh(p_t + h_{t−1}·U),  h_0 = 0,
 * and, where keep[t] (1 real input, 0 padding; [T, batch, 1]) is 0, h_{t−1} carried over.
 * Returns h of the last step [batch, u] or of every step [batch, T, u]. One custom op for
 * autodiff, so the tape records one op instead of every small op of every step.
 */
function recurrence(p: tf.Tensor3D, u: tf.Tensor2D, keep: tf.Tensor3D | null, everyStep: boolean): tf.Tensor {
  const op = tf.customGrad(((pIn: tf.Tensor3D, uIn: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const [steps, batch, units] = pIn.shape;
    const inputs = tf.unstack(pIn);
    const carry = keep ? tf.unstack(tf.cast(tf.broadcastTo(keep, [steps, batch, units]), "bool")) : null;
    const zero = tf.zeros([batch, units]);
    let h = zero;
    const [news, hs] = [[], []] as tf.Tensor[][];
    for (let t = 0; t < steps; t++) {
      // h starts at zero: the first step has no recurrent product.
      const hNew = tf.tanh(t ? tf.add(inputs[t], tf.matMul(h, uIn)) : inputs[t]);
      news.push(hNew);
      h = carry ? select(carry[t], hNew, h) : hNew;
      hs.push(h);
    }
    // What the backward pass needs, stacked over time (tfjs clones each saved tensor).
    save([tf.stack(news), tf.stack([zero, ...hs.slice(0, -1)]), ...(keep ? [keep] : [])]);
    return { value: everyStep ? tf.stack(hs, 1) : h, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy, saved, uIn, everyStep) };
  }) as unknown as CustomOp);
  return op(p, u);
}

/** tf.where for operands of one shape: the Select kernel alone (tf.where first runs
 * broadcastTo on all three, three more kernels, even when the shapes already agree). */
function select(condition: tf.Tensor, ifTrue: tf.Tensor, ifFalse: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(tf.Select, { condition, t: ifTrue, e: ifFalse }) as tf.Tensor;
}

/**
 * ∂L/∂p and ∂L/∂U from ∂L/∂output, backpropagation through time:
 *   δz_t = δh_t ⊙ (1 − h̃_t²) ⊙ keep_t          (h̃_t = tanh(z_t), before the mask)
 *   δh_{t−1} = δz_t·Uᵀ where the step was real, δh_t where it was padding (there δz_t = 0)
 *              (+ ∂L/∂h_{t−1} from the output, every step)
 *   δp_t = δz_t,   δU = Σ_t h_{t−1}ᵀ·δz_t       (one product over all steps)
 * The slope (1 − h̃²)⊙keep is computed for all steps at once; each step then needs a
 * multiply, a product and (masked) a select, (every step) an add.
 */
function backward(dy: tf.Tensor, [hNew, hPrev, keep]: tf.Tensor[], u: tf.Tensor, everyStep: boolean): tf.Tensor[] {
  const [steps, batch, units] = hNew.shape;
  let slope = tf.sub(1, tf.square(hNew));
  let real: tf.Tensor[] | null = null;
  if (keep) {
    slope = tf.mul(slope, keep);
    real = tf.unstack(tf.cast(tf.broadcastTo(keep, [steps, batch, units]), "bool"));
  }
  const slopes = tf.unstack(slope);
  const dys = everyStep ? tf.unstack(tf.transpose(dy, [1, 0, 2])) : null;
  const uT = tf.transpose(u);
  let dh: tf.Tensor | null = everyStep ? null : dy;
  const dzs: tf.Tensor[] = new Array(steps);
  for (let t = steps - 1; t >= 0; t--) {
    if (dys) dh = dh ? tf.add(dh, dys[t]) : dys[t];
    dzs[t] = tf.mul(dh!, slopes[t]);
    if (t === 0) break;
    const back = tf.matMul(dzs[t], uT);
    dh = real ? select(real[t], back, dh!) : back;
  }
  const dz = tf.stack(dzs);
  const du = tf.matMul(tf.reshape(hPrev, [steps * batch, units]), tf.reshape(dz, [steps * batch, units]), true, false);
  return [dz, du];
}
