// Between live tensors and a weights bundle (bundle.ts): the store's entry for models that are
// not a tf.LayersModel (3.6's GPT is plain tf.Variables). tfjs's own weight codec does the
// bytes — tf.io.encodeWeights reads each tensor with `await t.data()` and lays the values out
// in manifest order, tf.io.decodeWeights makes tensors of them again — so a model saved and
// rebuilt holds bit for bit the numbers it had.
import * as tf from "@book/tf";
import type { WeightsBundle } from "./bundle.js";
import { ModelFileError } from "./errors.js";
import { checkManifest } from "./validate.js";

export interface NamedWeight {
  name: string;
  tensor: tf.Tensor;
}

/** The tensors (read, not disposed: the caller owns them) with the builder's facts and a card
 * whose parameter count must match them. */
export async function packWeights(weights: NamedWeight[], { builder, config, vocabulary, card }: Pick<WeightsBundle, "builder" | "config" | "vocabulary" | "card">): Promise<WeightsBundle> {
  const { data, specs } = await tf.io.encodeWeights(weights);
  const weightData = tf.io.CompositeArrayBuffer.join(data);
  // JSON round trip: the config is stored as JSON, so what is saved is exactly what loads.
  const plainConfig = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  const weightSpecs = checkManifest(specs, weightData.byteLength, card.parameters);
  return { kind: "weights", card, builder, config: plainConfig, vocabulary: vocabulary ? [...vocabulary] : null, weightSpecs, weightData };
}

/** New tensors of the bundle's weights by name (the caller disposes them). */
export function unpackWeights(bundle: WeightsBundle): Map<string, tf.Tensor> {
  try {
    return new Map(Object.entries(tf.io.decodeWeights(bundle.weightData, bundle.weightSpecs)));
  } catch (error) {
    throw new ModelFileError(`权重无法读出（${(error as Error).message}）`);
  }
}
