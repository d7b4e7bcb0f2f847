// A small real model packaged with a card, for the store's unit tests.
import type * as tf from "@book/tf";
import type { ModelCard } from "../../components/models/card.js";
import { packageModel } from "../../components/models/artifacts.js";
import type { ModelPackage } from "../../components/models/bundle.js";
import { buildCnn, SMALL_CNN } from "../../components/nn/cnn.js";

export const sampleCard = (): ModelCard => ({
  name: "mnist-cnn",
  version: 2,
  architecture: "conv2d 8×3×3 relu → dense 10 softmax",
  parameters: 27562,
  trainingData: { name: "MNIST", size: 8000 },
  metrics: { testAccuracy: 0.975, testSize: 2000, measuredBy: "3.2 节单元 save-cnn" },
  backend: "wasm",
  trainingSeconds: 61.5,
  createdAt: "2026-12-04T17:00:00.000Z",
  parentVersion: 1,
  chapter: "3.2",
  notes: ""
});

/** The small 3.2 CNN (27,562 parameters) as a package; the model is returned for comparisons. */
export async function samplePackage(): Promise<{ model: tf.LayersModel; pkg: ModelPackage }> {
  const model = buildCnn({ ...SMALL_CNN, seed: 7 });
  const pkg = await packageModel(model, { ...sampleCard(), parameters: model.countParams() });
  return { model, pkg };
}
