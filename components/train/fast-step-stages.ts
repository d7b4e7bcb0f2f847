// The layers fast-step.ts runs by hand, each as a forward with its backward ("stage"), and
// chainOp, which runs a run of consecutive stages as ONE custom-gradient op (issue 27).
//
// Why one op for a chain: tfjs's customGrad clones every tensor its save() keeps (an Identity
// kernel each) and autodiff of a built-in kernel does the same (MaxPool saves x and y, Mean x,
// Reshape x). Here a stage's backward reads what its forward computed directly; the step holds
// those tensors (keep) and disposes them after the optimizer's update, so a chain costs one
// tape node and no copies. Each backward computes exactly what autodiff computes for the
// layer (same kernels): tests/train/fast-step.test.ts compares with trainOnBatch.
import * as tf from "@book/tf";

/** Holds a tensor the backward needs until the step ends (the step disposes it). */
export type Keep = (t: tf.Tensor) => tf.Tensor;

export interface StageRun {
  out: tf.Tensor;
  /** The gradients of this stage's weights (in `weights` order) and, when asked, of its input. */
  backward(dy: tf.Tensor, needsDx: boolean): { dx: tf.Tensor | null; grads: tf.Tensor[] };
}

export interface Stage {
  weights: tf.Variable[];
  /** chainOp keeps every stage's input and output; keep() is for anything else the backward reads. */
  forward(h: tf.Tensor, keep: Keep): StageRun;
}

export type Activation = "relu" | "linear";

const kernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) => tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor;

/** dy masked where a relu's output is 0 (what autodiff of relu computes: dy · step(x)). */
function reluGrad(dy: tf.Tensor, y: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === "relu" ? tf.mul(dy, tf.step(y)) : dy; // step of a float32 is float32: no cast
}

/** x·W (+ b) (→ relu) as one _FusedMatMul kernel (x rank 2). */
export function denseStage(w: tf.Variable, b: tf.Variable | null, activation: Activation): Stage {
  return {
    weights: b ? [w, b] : [w],
    forward(a) {
      // The kernel takes batched (rank-3) operands, as tf.fused.matMul passes them.
      const [a3, w3] = [tf.reshape(a, [1, ...a.shape]), tf.reshape(w, [1, ...w.shape])];
      const y = tf.reshape(kernel("_FusedMatMul", b ? { a: a3, b: w3, bias: b } : { a: a3, b: w3 }, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 }), [a.shape[0], w.shape[1]] as number[]);
      return {
        out: y,
        backward(dy, needsDx) {
          const g = reluGrad(dy, y, activation);
          const grads = [tf.matMul(a, g, true, false)];
          if (b) grads.push(tf.sum(g, 0)); // already b's shape [units]
          return { dx: needsDx ? tf.matMul(g, w, false, true) : null, grads };
        }
      };
    }
  };
}

/** conv2d (+ bias) (→ relu), NHWC, as one FusedConv2D kernel, with conv2d's own gradient kernels. */
export function convStage(w: tf.Variable, b: tf.Variable | null, activation: Activation, conv: { strides: number[]; pad: string; dilations: number[] }): Stage {
  const attrs = { ...conv, dataFormat: "NHWC", dimRoundingMode: undefined };
  return {
    weights: b ? [w, b] : [w],
    forward(x) {
      const y = kernel("FusedConv2D", b ? { x, filter: w, bias: b } : { x, filter: w }, { ...attrs, activation, leakyreluAlpha: 0 });
      return {
        out: y,
        backward(dy, needsDx) {
          const g = reluGrad(dy, y, activation);
          const grads = [kernel("Conv2DBackpropFilter", { x, dy: g }, { ...attrs, filterShape: w.shape })];
          if (b) grads.push(tf.sum(g, [0, 1, 2]));
          return { dx: needsDx ? kernel("Conv2DBackpropInput", { dy: g, filter: w }, { ...attrs, inputShape: x.shape }) : null, grads };
        }
      };
    }
  };
}

/** 2-D max pooling, NHWC (MaxPool forward, MaxPoolGrad backward, as autodiff). */
export function maxPoolStage(filterSize: number[], strides: number[], pad: string): Stage {
  const attrs = { filterSize, strides, pad, dimRoundingMode: undefined };
  return {
    weights: [],
    forward(x) {
      const y = kernel("MaxPool", { x }, attrs);
      return { out: y, backward: (dy) => ({ dx: kernel("MaxPoolGrad", { dy, input: x, output: y }, attrs), grads: [] }) };
    }
  };
}

/** Flatten (channels last): one reshape each way. */
export const flattenStage: Stage = {
  weights: [],
  forward(x) {
    return { out: tf.reshape(x, [x.shape[0], x.size / x.shape[0]]), backward: (dy) => ({ dx: tf.reshape(dy, x.shape), grads: [] }) };
  }
};

/** Runs `stages` on h as one custom-gradient op; h is an input of the op only if it needs a gradient.
 * h must stay alive until the backward: the caller passes a tensor it or the step holds. */
export function chainOp(stages: Stage[], h: tf.Tensor, hNeedsGrad: boolean, keep: Keep): tf.Tensor {
  const weights = stages.flatMap((s) => s.weights);
  const inputs = hNeedsGrad ? [h, ...weights] : weights;
  const f = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    void args;
    const runs: StageRun[] = [];
    let out = h;
    for (const stage of stages) {
      const run = stage.forward(out, keep);
      runs.push(run);
      out = keep(run.out); // the next stage's input, and what this stage's backward reads
    }
    return {
      value: out,
      gradFunc: (dy: tf.Tensor) => {
        let g: tf.Tensor | null = dy;
        const grads: tf.Tensor[][] = [];
        for (let i = runs.length - 1; i >= 0; i--) {
          const r = runs[i].backward(g!, i > 0 || hNeedsGrad);
          grads.unshift(r.grads);
          g = r.dx;
        }
        return hNeedsGrad ? [g!, ...grads.flat()] : grads.flat();
      }
    };
  };
  return tf.customGrad(f as never)(...inputs);
}

const EPSILON = 1e-7; // tfjs-layers' epsilon(), the clip of its cross-entropies
const asFloat = (t: tf.Tensor) => (t.dtype === "float32" ? t : tf.cast(t, "float32")); // a cast to the same dtype is a kernel too
/** 1 where clip(v) = v, i.e. where clipByValue passes a gradient (v inside [ε, 1−ε] as float32), else 0. */
const insideClip = (v: tf.Tensor, clipped: tf.Tensor) => tf.cast(tf.equal(clipped, v), "float32");

/** The batch mean of tfjs-layers' categoricalCrossentropy on softmax(z) (the loss head of a
 * chain), and its exact gradient in z: (p·A/S − a)·dy/n, a = targets whose probability lies
 * inside tfjs's clip, A their sum, S = Σp. `probs` receives softmax(z) (kept, for the metrics). */
export function softmaxCrossEntropyStage(t: tf.Tensor, probs: (p: tf.Tensor) => void): Stage {
  return {
    weights: [],
    forward(z, keep) {
      const p = keep(tf.softmax(z));
      probs(p);
      const axis = p.rank - 1;
      const s = keep(tf.sum(p, axis, true));
      const q = keep(tf.div(p, s));
      const clipped = keep(tf.clipByValue(q, EPSILON, 1 - EPSILON));
      // tfjs-layers: −Σ t · log(clip(p / Σp, ε, 1 − ε)), then the mean over the batch
      const out = tf.mean(tf.neg(tf.sum(tf.mul(asFloat(t), tf.log(clipped)), axis)));
      return {
        out,
        backward(dy) {
          const a = tf.mul(asFloat(t), insideClip(q, clipped));
          const g = tf.sub(tf.mul(p, tf.div(tf.sum(a, axis, true), s)), a);
          return { dx: tf.mul(g, tf.div(dy, p.shape[0])), grads: [] };
        }
      };
    }
  };
}

/** The batch mean of tfjs-layers' binaryCrossentropy on sigmoid(z) (mean over the last axis
 * too), and its exact gradient in z: (p − t)·[inside the clip]·dy/(n·units); `probs` receives sigmoid(z). */
export function sigmoidCrossEntropyStage(t: tf.Tensor, probs: (p: tf.Tensor) => void): Stage {
  return {
    weights: [],
    forward(z, keep) {
      const p = keep(tf.sigmoid(z));
      probs(p);
      // tfjs-layers: l = log(y / (1 − y)), y = clip(p); mean(relu(l) − l·t + log1p(exp(−|l|)), −1)
      const y = keep(tf.clipByValue(p, EPSILON, 1 - EPSILON));
      const l = tf.log(tf.div(y, tf.sub(1, y)));
      const out = tf.mean(tf.mean(tf.add(tf.sub(tf.relu(l), tf.mul(l, t)), tf.log1p(tf.exp(tf.neg(tf.abs(l))))), -1));
      return {
        out,
        backward(dy) {
          const g = tf.mul(tf.sub(p, t), insideClip(p, y));
          return { dx: tf.mul(g, tf.div(tf.div(dy, p.shape[0]), p.shape[p.rank - 1])), grads: [] };
        }
      };
    }
  };
}
