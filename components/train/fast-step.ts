// A training step for a compiled tf.LayersModel that computes what model.trainOnBatch
// computes (the compiled loss and metrics, the model's own optimizer and trainable variables,
// training=true for dropout), with fewer kernels and less JavaScript (issues 24 and 27).
//
// Where trainOnBatch's kernels go (3.2's CNN, batch 64, tf.profile): 152 per step, of which
// 44 Identity (autodiff copies every input an op saves for its gradient), the relu layers run
// unfused (tfjs-core does not fuse bias + relu while recording gradients: conv2d, add, relu),
// the categorical cross-entropy is 8 ops on the tape and ~20 more for their gradients, and
// the accuracy runs on the tape too. Around them trainOnBatch checks and standardises the data,
// builds a train function and a FeedDict, and reads loss and metric back one after the other.
//
// The fast step, for a tf.Sequential with one input and one output:
//  - Dense (rank-2 input) and Conv2D (channels last) with relu or linear activation run as
//    ONE fused kernel (_FusedMatMul, FusedConv2D) inside a custom gradient, whose backward is
//    exactly what autodiff does for matMul/conv2d + add + relu (same kernels, same order).
//  - A last Dense with softmax + categoricalCrossentropy or sigmoid + binaryCrossentropy runs
//    as logits → one custom op whose forward is tfjs-layers' own loss expression (so the
//    loss is the same number) and whose gradient is that expression's derivative in closed
//    form, clipping included: p·A/S − a for the softmax (a = targets whose probability lies
//    inside tfjs's clip, A their sum, S = Σp), (p − t)·[inside the clip] for the sigmoid.
//  - Other layers run through layer.apply(…, {training: true, mask}), masks passed on as
//    tfjs-layers' executor passes them (3.3's embedding → LSTM).
//  - Metrics are the compiled metric functions, computed off the tape from the same forward;
//    loss and metrics are read back together.
// Anything else (several inputs or outputs, regularizers, class weights, a model that is not
// Sequential, data of the wrong shape) returns null from fastStep and fit() uses trainOnBatch.
// tests/train/fast-step.test.ts checks losses, metrics and weights against trainOnBatch.
import * as tf from "@book/tf";

type Activation = "relu" | "linear";
type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
type LayerVar = { read(): tf.Variable };

/** The parts of a compiled LayersModel that trainOnBatch uses (not all in tfjs's public types). */
interface CompiledModel {
  optimizer: tf.Optimizer;
  loss: string | string[] | LossFn | LossFn[] | Record<string, unknown>;
  lossFunctions?: LossFn[];
  metricsTensors?: [LossFn, number][];
  collectedTrainableWeights?: LayerVar[];
  inputs: tf.SymbolicTensor[];
  outputs: tf.SymbolicTensor[];
}

/** The fields of Dense and Conv2D the fused forms read. */
interface WeightedLayer {
  kernel?: LayerVar;
  bias?: LayerVar | null;
  useBias?: boolean;
  activation?: { getClassName(): string };
  rank?: number;
  strides?: number[];
  padding?: string;
  dataFormat?: string;
  dilationRate?: number[];
}

/** One step on a batch: the loss and the compiled metrics in order, or null when this batch
 * does not fit the model's input or output shape (trainOnBatch then reports the error). */
export type FastStep = (x: tf.Tensor, y: tf.Tensor) => Promise<{ loss: number; metrics: number[] } | null>;

const EPSILON = 1e-7; // tfjs-layers' epsilon(), the clip of its cross-entropies

const kernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) => tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor;

type Custom = (inputs: tf.Tensor[], save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] };

/** tf.customGrad over a list of inputs (its callback gets them spread, then save). */
function custom(inputs: tf.Tensor[], f: Custom): tf.Tensor {
  const spread = (...args: (tf.Tensor | tf.GradSaveFunc)[]) => f(args.slice(0, -1) as tf.Tensor[], args.at(-1) as tf.GradSaveFunc);
  return tf.customGrad(spread as never)(...inputs);
}

/** dy masked where a relu's output is 0 (what autodiff of relu computes: dy · step(x)). */
function reluGrad(dy: tf.Tensor, y: tf.Tensor, activation: Activation): tf.Tensor {
  return activation === "relu" ? tf.mul(dy, tf.step(y)) : dy; // step of a float32 is float32: no cast
}

/** x·W (+ b) (→ relu) as one _FusedMatMul kernel; x is an input of the op only if it needs a gradient. */
function denseOp(x: tf.Tensor2D, w: tf.Variable, b: tf.Variable | null, activation: Activation, xNeedsGrad: boolean): tf.Tensor {
  const forward = (a: tf.Tensor, save: tf.GradSaveFunc) => {
    // The kernel takes batched (rank-3) operands, as tf.fused.matMul passes them.
    const [a3, w3] = [tf.reshape(a, [1, ...a.shape]), tf.reshape(w, [1, ...w.shape])];
    const y = tf.reshape(kernel("_FusedMatMul", b ? { a: a3, b: w3, bias: b } : { a: a3, b: w3 }, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 }), [a.shape[0], w.shape[1]] as number[]);
    save([a, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [a, y]: tf.Tensor[]) => {
        const g = reluGrad(dy, y, activation);
        const grads = [tf.matMul(a, g, true, false)];
        if (b) grads.push(tf.reshape(tf.sum(g, 0), b.shape));
        if (xNeedsGrad) grads.unshift(tf.matMul(g, w, false, true));
        return grads;
      }
    };
  };
  const weights = b ? [w, b] : [w];
  return xNeedsGrad ? custom([x, ...weights], ([a], save) => forward(a, save)) : custom(weights, (_, save) => forward(x, save));
}

/** conv2d (+ bias) (→ relu), NHWC, as one FusedConv2D kernel, with conv2d's own gradient kernels. */
function convOp(x: tf.Tensor4D, w: tf.Variable, b: tf.Variable | null, activation: Activation, conv: { strides: number[]; pad: string; dilations: number[] }, xNeedsGrad: boolean): tf.Tensor {
  const attrs = { ...conv, dataFormat: "NHWC", dimRoundingMode: undefined };
  const forward = (input: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = kernel("FusedConv2D", b ? { x: input, filter: w, bias: b } : { x: input, filter: w }, { ...attrs, activation, leakyreluAlpha: 0 });
    save([input, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [input, y]: tf.Tensor[]) => {
        const g = reluGrad(dy, y, activation);
        const grads = [kernel("Conv2DBackpropFilter", { x: input, dy: g }, { ...attrs, filterShape: w.shape })];
        if (b) grads.push(tf.reshape(tf.sum(g, [0, 1, 2]), b.shape));
        if (xNeedsGrad) grads.unshift(kernel("Conv2DBackpropInput", { dy: g, filter: w }, { ...attrs, inputShape: input.shape }));
        return grads;
      }
    };
  };
  const weights = b ? [w, b] : [w];
  return xNeedsGrad ? custom([x, ...weights], ([input], save) => forward(input, save)) : custom(weights, (_, save) => forward(x, save));
}

const asFloat = (t: tf.Tensor) => (t.dtype === "float32" ? t : tf.cast(t, "float32")); // a cast to the same dtype is a kernel too

/** The per-sample losses of softmax(z) under tfjs-layers' categoricalCrossentropy, and its
 * exact gradient in z; `probs` receives softmax(z) (kept, for the metrics). */
function softmaxCrossEntropy(z: tf.Tensor, t: tf.Tensor, probs: (p: tf.Tensor) => void): tf.Tensor {
  return custom([z], ([logits], save) => {
    const p = tf.softmax(logits);
    probs(tf.keep(p));
    const axis = p.rank - 1;
    const s = tf.sum(p, axis, true);
    const q = tf.div(p, s);
    // tfjs-layers: −Σ t · log(clip(p / Σp, ε, 1 − ε))
    const value = tf.neg(tf.sum(tf.mul(asFloat(t), tf.log(tf.clipByValue(q, EPSILON, 1 - EPSILON))), axis));
    save([p, s, q]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [p, s, q]: tf.Tensor[]) => {
        // Targets whose clipped q passes a gradient (clipByValue's gradient is 0 outside [ε, 1−ε]).
        const a = tf.where(tf.logicalAnd(tf.greaterEqual(q, EPSILON), tf.lessEqual(q, 1 - EPSILON)), asFloat(t), 0);
        const g = tf.sub(tf.mul(p, tf.div(tf.sum(a, axis, true), s)), a);
        return tf.mul(g, tf.expandDims(dy, axis));
      }
    };
  });
}

/** The per-sample losses of sigmoid(z) under tfjs-layers' binaryCrossentropy (mean over the
 * last axis), and its exact gradient in z; `probs` receives sigmoid(z). */
function sigmoidCrossEntropy(z: tf.Tensor, t: tf.Tensor, probs: (p: tf.Tensor) => void): tf.Tensor {
  return custom([z], ([logits], save) => {
    const p = tf.sigmoid(logits);
    probs(tf.keep(p));
    // tfjs-layers: l = log(y / (1 − y)), y = clip(p); mean(relu(l) − l·t + log1p(exp(−|l|)), −1)
    const y = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    const l = tf.log(tf.div(y, tf.sub(1, y)));
    const value = tf.mean(tf.add(tf.sub(tf.relu(l), tf.mul(l, t)), tf.log1p(tf.exp(tf.neg(tf.abs(l))))), -1);
    save([p]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [p]: tf.Tensor[]) => {
        const inside = tf.logicalAnd(tf.greaterEqual(p, EPSILON), tf.lessEqual(p, 1 - EPSILON));
        const g = tf.where(inside, tf.sub(p, t), 0);
        return tf.mul(g, tf.div(tf.expandDims(dy, -1), p.shape[p.rank - 1]));
      }
    };
  });
}

const lossName = (loss: CompiledModel["loss"]) => (typeof loss === "string" ? loss : Array.isArray(loss) && loss.length === 1 && typeof loss[0] === "string" ? loss[0] : null);

const FUSED_LOSSES: Record<string, { activation: string; op: typeof softmaxCrossEntropy }> = {
  categoricalCrossentropy: { activation: "softmax", op: softmaxCrossEntropy },
  binaryCrossentropy: { activation: "sigmoid", op: sigmoidCrossEntropy }
};

const activationOf = (layer: tf.layers.Layer) => (layer as unknown as WeightedLayer).activation?.getClassName();

/** A layer the fused forms compute (Dense on a rank-2 input, Conv2D channels last), with the activation it ends in. */
function fusable(layer: tf.layers.Layer, inputRank: number, activations: readonly string[]): boolean {
  const l = layer as unknown as WeightedLayer;
  if (!layer.trainable || !l.kernel || !activations.includes(activationOf(layer) ?? "")) return false;
  const name = layer.getClassName();
  if (name === "Dense") return inputRank === 2;
  return name === "Conv2D" && l.rank === 2 && inputRank === 4 && l.dataFormat === "channelsLast" && (l.padding === "valid" || l.padding === "same");
}

/** The fused form of a Dense or Conv2D layer, on the given activation (the layer's, or linear for logits). */
function fusedLayer(layer: tf.layers.Layer, x: tf.Tensor, activation: Activation, xNeedsGrad: boolean): tf.Tensor {
  const l = layer as unknown as WeightedLayer;
  const w = l.kernel!.read();
  const b = l.useBias && l.bias ? l.bias.read() : null;
  if (layer.getClassName() === "Dense") return denseOp(x as tf.Tensor2D, w, b, activation, xNeedsGrad);
  return convOp(x as tf.Tensor4D, w, b, activation, { strides: l.strides!, pad: l.padding!, dilations: l.dilationRate! }, xNeedsGrad);
}

function shapeFits(t: tf.Tensor, symbolic: tf.SymbolicTensor): boolean {
  return t.rank === symbolic.shape.length && symbolic.shape.every((d, i) => i === 0 || d == null || d === t.shape[i]);
}

/** The fast step for this compiled model, or null where only trainOnBatch computes what it should. */
export function fastStep(model: tf.LayersModel): FastStep | null {
  // A Sequential keeps the compiled state (loss functions, trained weights) in its inner LayersModel.
  const m = ((model as unknown as { model?: CompiledModel }).model ?? model) as CompiledModel;
  if (!(model instanceof tf.Sequential) || !m.optimizer || !m.lossFunctions || m.lossFunctions.length !== 1 || m.inputs.length !== 1 || m.outputs.length !== 1) return null;
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  if (!m.collectedTrainableWeights || layers.some((l) => l.losses.length > 0)) return null; // regularizers add losses
  const last = layers.at(-1)!;
  const name = lossName(m.loss);
  const fusedLoss = name && FUSED_LOSSES[name] && last.getClassName() === "Dense" && activationOf(last) === FUSED_LOSSES[name].activation ? FUSED_LOSSES[name].op : null;
  const lossFn = m.lossFunctions[0];
  const metrics = m.metricsTensors ?? [];
  const optimizer = m.optimizer;
  const weights = m.collectedTrainableWeights;

  return async (x, y) => {
    if (!shapeFits(x, m.inputs[0]) || !shapeFits(y, m.outputs[0]) || x.shape[0] !== y.shape[0]) return null;
    let output: tf.Tensor | null = null;
    const totalLoss = (): tf.Scalar => {
      let h = x;
      let mask: tf.Tensor | null = null;
      let needsGrad = false; // whether h depends on a trained variable
      for (const [i, layer] of layers.entries()) {
        if (i === layers.length - 1 && fusedLoss && fusable(layer, h.rank, [FUSED_LOSSES[name!].activation])) {
          const logits = fusedLayer(layer, h, "linear", needsGrad);
          return tf.mean(fusedLoss(logits, y, (p) => (output = p))) as tf.Scalar;
        }
        if (mask == null && fusable(layer, h.rank, ["relu", "linear"])) {
          h = fusedLayer(layer, h, activationOf(layer) as Activation, needsGrad);
          needsGrad = true;
          continue;
        }
        // As tfjs-layers' executor: inputs and masks as lists, the mask passed on when the layer supports masking.
        const next = layer.apply([h], mask ? { training: true, mask } : { training: true }) as tf.Tensor | tf.Tensor[];
        mask = layer.supportsMasking ? ((layer.computeMask([h], [mask as tf.Tensor]) as tf.Tensor | null) ?? null) : null;
        h = Array.isArray(next) ? next[0] : next;
        needsGrad ||= layer.trainableWeights.length > 0;
      }
      output = tf.keep(h);
      return tf.mean(lossFn(y, h)) as tf.Scalar;
    };
    try {
      const loss = optimizer.minimize(totalLoss, true, weights.map((w) => w.read()))!;
      const values = tf.tidy(() => [loss, ...metrics.map(([metric]) => tf.mean(metric(y, output!)))]);
      const read = await Promise.all(values.map(async (v) => (await v.data())[0]));
      tf.dispose([loss, ...values]);
      return { loss: read[0], metrics: read.slice(1) };
    } finally {
      if (output) tf.dispose(output);
    }
  };
}
