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
import { embeddingFits, embeddingMask, embeddingStage, type EmbeddingConfig } from "./fast-step-embedding.js";
import { chainOp, convStage, denseStage, flattenStage, maxPoolStage, sigmoidCrossEntropyStage, softmaxCrossEntropyStage, type Activation, type Stage } from "./fast-step-stages.js";
import { compiledTraining } from "../util/tf-internals.js";

type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
type LayerVar = { read(): tf.Variable };

/** One step on a batch: the loss and the compiled metrics in order, or null when this batch
 * does not fit the model's input or output shape (trainOnBatch then reports the error). */
export type FastStep = (x: tf.Tensor, y: tf.Tensor) => Promise<{ loss: number; metrics: number[] } | null>;

const lossName = (loss: tf.LayersModel["loss"]) => (typeof loss === "string" ? loss : Array.isArray(loss) && loss.length === 1 && typeof loss[0] === "string" ? loss[0] : null);

const FUSED_LOSSES: Record<string, { activation: string; head: typeof softmaxCrossEntropyStage }> = {
  categoricalCrossentropy: { activation: "softmax", head: softmaxCrossEntropyStage },
  binaryCrossentropy: { activation: "sigmoid", head: sigmoidCrossEntropyStage }
};

/** What the fused forms need of a layer, read once through tfjs-layers' public API: its
 * class, its config (the serialised activation, strides, padding…) and, for Dense and
 * Conv2D, its kernel and bias variables among its trainable weights. */
interface LayerView {
  layer: tf.layers.Layer;
  name: string;
  config: { activation?: string; strides?: number[]; padding?: string; dataFormat?: string; dilationRate?: number[]; poolSize?: number[] } & EmbeddingConfig;
  kernel?: LayerVar;
  bias?: LayerVar;
}

/** The layer classes stages compute; other layers run through layer.apply and need no view. */
const STAGE_LAYERS = new Set(["Dense", "Conv2D", "MaxPooling2D", "Flatten", "Embedding"]);

function viewOf(layer: tf.layers.Layer): LayerView {
  const name = layer.getClassName();
  if (!STAGE_LAYERS.has(name)) return { layer, name, config: {} };
  const weights = layer.trainableWeights as unknown as (LayerVar & { originalName: string })[];
  const ending = (suffix: string) => weights.find((w) => w.originalName.endsWith(`/${suffix}`));
  return { layer, name, config: layer.getConfig() as LayerView["config"], kernel: ending("kernel"), bias: ending("bias") };
}

/** A layer the fused forms compute (Dense on a rank-2 input, Conv2D channels last), with the activation it ends in. */
function fusable(view: LayerView, inputRank: number, activations: readonly string[]): boolean {
  const { layer, name, config } = view;
  // Dense and Conv2D train exactly their kernel and, when they have one, their bias.
  if (!layer.trainable || !view.kernel || layer.trainableWeights.length !== (view.bias ? 2 : 1) || !activations.includes(config.activation ?? "")) return false;
  if (name === "Dense") return inputRank === 2;
  return name === "Conv2D" && inputRank === 4 && config.dataFormat === "channelsLast" && (config.padding === "valid" || config.padding === "same");
}

/** The stage of a Dense or Conv2D layer, on the given activation (the layer's, or linear for logits). */
function weightedStage(view: LayerView, activation: Activation): Stage {
  const { config } = view;
  const w = view.kernel!.read();
  const b = view.bias ? view.bias.read() : null;
  if (view.name === "Dense") return denseStage(w, b, activation);
  return convStage(w, b, activation, { strides: config.strides!, pad: config.padding!, dilations: config.dilationRate! });
}

/** The stage that computes this layer on a rank-`rank` input of this dtype (the layer's output rank with it), or null. */
function stageOf(view: LayerView, rank: number, dtype: string): [Stage, number] | null {
  const { name, config } = view;
  if (embeddingFits(view.layer, config, dtype)) return [embeddingStage(view.layer), rank + 1];
  if (fusable(view, rank, ["relu", "linear"])) return [weightedStage(view, config.activation as Activation), rank];
  if (name === "MaxPooling2D" && rank === 4 && config.dataFormat === "channelsLast") return [maxPoolStage(config.poolSize!, config.strides!, config.padding === "same" ? "same" : "valid"), 4];
  if (name === "Flatten" && rank >= 2 && (config.dataFormat !== "channelsFirst" || rank === 2)) return [flattenStage, 2];
  return null;
}

function shapeFits(t: tf.Tensor, symbolic: tf.SymbolicTensor): boolean {
  return t.rank === symbolic.shape.length && symbolic.shape.every((d, i) => i === 0 || d == null || d === t.shape[i]);
}

/** The fast step for this compiled model, or null where only trainOnBatch computes what it should. */
export function fastStep(model: tf.LayersModel): FastStep | null {
  if (!(model instanceof tf.Sequential) || !model.optimizer || model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const compiled = compiledTraining<LossFn, LayerVar>(tf, model);
  if (!compiled || compiled.losses.length !== 1) return null;
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer").map(viewOf);
  if (layers.some((l) => l.layer.losses.length > 0)) return null; // regularizers add losses
  const last = layers.at(-1)!;
  const name = lossName(model.loss);
  const fusedLoss = name && FUSED_LOSSES[name] && last.name === "Dense" && last.config.activation === FUSED_LOSSES[name].activation ? FUSED_LOSSES[name] : null;
  const [lossFn] = compiled.losses;
  const metrics = compiled.metricFunctions;
  const optimizer = model.optimizer;
  const weights = compiled.trainableWeights;
  const [input, target] = [model.inputs[0], model.outputs[0]];

  return async (x, y) => {
    if (!shapeFits(x, input) || !shapeFits(y, target) || x.shape[0] !== y.shape[0]) return null;
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
        let masks: LayerView | null = null; // an Embedding with maskZero: the layers after it need its mask
        for (let j = i; mask == null && j < layers.length; j++) {
          if (j === layers.length - 1 && fusedLoss && fusable(layers[j], rank, [fusedLoss.activation])) {
            stages.push(weightedStage(layers[j], "linear"), fusedLoss.head(y, (p) => (output = p)));
            head = true;
            break;
          }
          // A chain's later stages see float32 activations; only its first sees h itself.
          const stage = stageOf(layers[j], rank, j === i ? h.dtype : "float32");
          if (!stage) break;
          stages.push(stage[0]);
          rank = stage[1];
          if (layers[j].name === "Embedding" && layers[j].config.maskZero) {
            masks = layers[j];
            break;
          }
        }
        if (stages.length > 0) {
          const input = h;
          // The chain's backward reads its input: the caller's x, or this step's tensor held until the step ends.
          h = chainOp(stages, h === x ? x : keep(tf.clone(h)), needsGrad, keep);
          if (head) return h as tf.Scalar;
          if (masks) mask = embeddingMask(masks.config, input);
          i += stages.length;
          needsGrad = true;
          continue;
        }
        // As tfjs-layers' executor: inputs and masks as lists, the mask passed on when the layer supports masking.
        const { layer } = layers[i++];
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
