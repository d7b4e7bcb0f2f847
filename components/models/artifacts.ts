// Between a live tf.LayersModel and the store's ModelPackage, through tfjs's own IOHandler
// API: model.save(tf.io.withSaveHandler(…)) hands over the exact float32 bytes of every
// weight, and tf.loadLayersModel(tf.io.fromMemory(…)) rebuilds the model from them, so a
// model loaded back predicts bit for bit what the saved one did.
import * as tf from "@book/tf";
import type { CardDraft, ModelCard } from "./card.js";
import { ModelFileError } from "./errors.js";
import type { ModelPackage } from "./bundle.js";
import { checkWeights } from "./validate.js";

/** The model's topology and weights (not its optimizer state) with a card. */
export async function packageModel(model: tf.LayersModel, card: ModelCard): Promise<ModelPackage> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    })
  );
  const { modelTopology, weightSpecs = [], weightData = new ArrayBuffer(0), ...rest } = saved!;
  const weights = tf.io.CompositeArrayBuffer.join(weightData);
  const checked = checkWeights(modelTopology, weightSpecs, weights.byteLength, card.parameters);
  return { card, artifacts: { ...rest, ...checked, weightData: weights } };
}

/** Builds the model from a package (the caller owns it and disposes it). A manifest whose
 * shapes do not fit the layers gives a ModelFileError naming the first misfit. */
export async function unpackModel({ artifacts }: ModelPackage): Promise<tf.LayersModel> {
  const model = await tf.models.modelFromJSON({ modelTopology: artifacts.modelTopology } as tf.io.ModelJSON).catch((error: Error) => {
    throw new ModelFileError(`模型结构无法还原（${error.message}）`);
  });
  try {
    checkShapesFit(model, artifacts.weightSpecs);
    const tensors = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
    try {
      model.loadWeights(tensors, true);
    } finally {
      tf.dispose(Object.values(tensors));
    }
  } catch (error) {
    model.dispose();
    if (error instanceof ModelFileError) throw error;
    throw new ModelFileError(`权重无法装入模型（${(error as Error).message}）`);
  }
  return model;
}

/** Every weight the layers need is in the manifest with the same shape, and nothing else is. */
function checkShapesFit(model: tf.LayersModel, specs: tf.io.WeightsManifestEntry[]): void {
  const given = new Map(specs.map((spec) => [spec.name, spec.shape]));
  for (const weight of model.weights) {
    const shape = given.get(weight.originalName);
    if (!shape) throw new ModelFileError(`权重清单里缺少层需要的“${weight.originalName}”`);
    if (shape.join("×") !== weight.shape.join("×")) throw new ModelFileError(`权重“${weight.originalName}”的形状是 ${shape.join("×")}，模型结构要求 ${weight.shape.join("×")}`);
    given.delete(weight.originalName);
  }
  if (given.size) throw new ModelFileError(`权重清单里有模型结构中不存在的权重：${[...given.keys()].join("、")}`);
}

/** A card for a model from what the model itself knows (parameters) plus the page's facts. */
export function draftCard(model: tf.LayersModel, facts: Omit<CardDraft, "parameters">): CardDraft {
  return { ...facts, parameters: model.countParams() };
}

/** The layers in one line ("conv2d 32×3×3 relu → maxPooling2d 2×2 → … → dense 10 softmax"),
 * for the card's architecture field. */
export function describeArchitecture(model: tf.LayersModel): string {
  return model.layers
    .map((layer) => {
      const c = layer.getConfig() as Record<string, unknown>;
      const size = (v: unknown) => (Array.isArray(v) ? v.join("×") : String(v));
      const act = typeof c.activation === "string" && c.activation !== "linear" ? ` ${c.activation}` : "";
      const kind = layer.getClassName();
      if ("filters" in c) return `${kind} ${c.filters}×${size(c.kernelSize)}${act}`;
      if ("poolSize" in c) return `${kind} ${size(c.poolSize)}`;
      if ("units" in c) return `${kind} ${c.units}${act}`;
      return kind;
    })
    .join(" → ");
}
