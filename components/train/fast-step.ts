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
//    ONE fused kernel (_FusedMatMul, FusedConv2D) whose backward is exactly what autodiff does
//    for matMul/conv2d + add + relu (same kernels, same order); MaxPooling2D and Flatten
//    (channels last) as their kernel with autodiff's gradient kernel.
//  - A last Dense with softmax + categoricalCrossentropy or sigmoid + binaryCrossentropy runs
//    as logits → a loss head whose forward is tfjs-layers' own loss expression and batch mean
//    (so the loss is the same number) and whose gradient is that expression's derivative in
//    closed form, clipping included: p·A/S − a for the softmax (a = targets whose probability
//    lies inside tfjs's clip, A their sum, S = Σp), (p − t)·[inside the clip] for the sigmoid.
//  - Consecutive layers of these kinds run as ONE custom-gradient op (fast-step-stages.ts
//    chainOp): the backward reads the forward's tensors, which the step holds and disposes
//    after the update, instead of the copies tfjs makes of what save() or a taped kernel keeps
//    (3.2's CNN at batch 64: 65 kernels a step, of which 8 Reshape, none Identity; 98 with
//    one custom op per layer, 19 of them Identity).
//  - Other layers run through layer.apply(…, {training: true, mask}), masks passed on as
//    tfjs-layers' executor passes them (3.3's embedding → LSTM).
//  - Metrics are the compiled metric functions, computed off the tape from the same forward;
//    loss and metrics are read back together.
// Anything else (several inputs or outputs, regularizers, class weights, a model that is not
// Sequential, data of the wrong shape) returns null from fastStep and fit() uses trainOnBatch.
// tests/train/fast-step.test.ts checks losses, metrics and weights against trainOnBatch.
import * as tf from "@book/tf";
import { chainOp, convStage, denseStage, flattenStage, maxPoolStage, sigmoidCrossEntropyStage, softmaxCrossEntropyStage, type Activation, type Stage } from "./fast-step-stages.js";

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

const lossName = (loss: CompiledModel["loss"]) => (typeof loss === "string" ? loss : Array.isArray(loss) && loss.length === 1 && typeof loss[0] === "string" ? loss[0] : null);

const FUSED_LOSSES: Record<string, { activation: string; head: typeof softmaxCrossEntropyStage }> = {
  categoricalCrossentropy: { activation: "softmax", head: softmaxCrossEntropyStage },
  binaryCrossentropy: { activation: "sigmoid", head: sigmoidCrossEntropyStage }
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

/** The stage of a Dense or Conv2D layer, on the given activation (the layer's, or linear for logits). */
function weightedStage(layer: tf.layers.Layer, activation: Activation): Stage {
  const l = layer as unknown as WeightedLayer;
  const w = l.kernel!.read();
  const b = l.useBias && l.bias ? l.bias.read() : null;
  if (layer.getClassName() === "Dense") return denseStage(w, b, activation);
  return convStage(w, b, activation, { strides: l.strides!, pad: l.padding!, dilations: l.dilationRate! });
}

/** The stage that computes this layer on a rank-`rank` input (the layer's output rank with it), or null. */
function stageOf(layer: tf.layers.Layer, rank: number): [Stage, number] | null {
  const l = layer as unknown as WeightedLayer & { poolSize?: number[] };
  const name = layer.getClassName();
  if (fusable(layer, rank, ["relu", "linear"])) return [weightedStage(layer, activationOf(layer) as Activation), rank];
  if (name === "MaxPooling2D" && rank === 4 && l.dataFormat === "channelsLast") return [maxPoolStage(l.poolSize!, l.strides!, l.padding === "same" ? "same" : "valid"), 4];
  if (name === "Flatten" && rank >= 2 && (l.dataFormat !== "channelsFirst" || rank === 2)) return [flattenStage, 2];
  return null;
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
  const fusedLoss = name && FUSED_LOSSES[name] && last.getClassName() === "Dense" && activationOf(last) === FUSED_LOSSES[name].activation ? FUSED_LOSSES[name] : null;
  const lossFn = m.lossFunctions[0];
  const metrics = m.metricsTensors ?? [];
  const optimizer = m.optimizer;
  const weights = m.collectedTrainableWeights;

  return async (x, y) => {
    if (!shapeFits(x, m.inputs[0]) || !shapeFits(y, m.outputs[0]) || x.shape[0] !== y.shape[0]) return null;
    // What the chains' backwards read and the output the metrics read: this step's own
    // tensors, disposed once the update is done (or the step failed).
    const kept: tf.Tensor[] = [];
    const keep = (t: tf.Tensor) => (kept.push(tf.keep(t)), t);
    let output: tf.Tensor | null = null;
    const totalLoss = (): tf.Scalar => {
      let h = x;
      let mask: tf.Tensor | null = null;
      let needsGrad = false; // whether h depends on a trained variable
      for (let i = 0; i < layers.length; ) {
        // The longest run of layers from i that stages compute, with the loss head if it reaches the last layer.
        const stages: Stage[] = [];
        let rank = h.rank;
        let head = false;
        for (let j = i; mask == null && j < layers.length; j++) {
          if (j === layers.length - 1 && fusedLoss && fusable(layers[j], rank, [fusedLoss.activation])) {
            stages.push(weightedStage(layers[j], "linear"), fusedLoss.head(y, (p) => (output = p)));
            head = true;
            break;
          }
          const stage = stageOf(layers[j], rank);
          if (!stage) break;
          stages.push(stage[0]);
          rank = stage[1];
        }
        if (stages.length > 0) {
          // The chain's backward reads its input: the caller's x, or this step's tensor held until the step ends.
          h = chainOp(stages, h === x ? x : keep(tf.clone(h)), needsGrad, keep);
          if (head) return h as tf.Scalar;
          i += stages.length;
          needsGrad = true;
          continue;
        }
        // As tfjs-layers' executor: inputs and masks as lists, the mask passed on when the layer supports masking.
        const layer = layers[i++];
        const next = layer.apply([h], mask ? { training: true, mask } : { training: true }) as tf.Tensor | tf.Tensor[];
        mask = layer.supportsMasking ? ((layer.computeMask([h], [mask as tf.Tensor]) as tf.Tensor | null) ?? null) : null;
        h = Array.isArray(next) ? next[0] : next;
        needsGrad ||= layer.trainableWeights.length > 0;
      }
      output = h === x ? x : keep(h);
      return tf.mean(lossFn(y, h)) as tf.Scalar;
    };
    try {
      const loss = optimizer.minimize(totalLoss, true, weights.map((w) => w.read()))!;
      const values = tf.tidy(() => [loss, ...metrics.map(([metric]) => tf.mean(metric(y, output!)))]);
      const read = await Promise.all(values.map(async (v) => (await v.data())[0]));
      tf.dispose([loss, ...values]);
      return { loss: read[0], metrics: read.slice(1) };
    } finally {
      tf.dispose(kept);
    }
  };
}
