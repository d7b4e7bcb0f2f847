// The tfjs half of the server: models rebuilt from their artefacts (the exact stored
// weights), predictions in tf.tidy, read back with await data(). Runs in the Worker, or on
// the page when no Worker could start.
import * as tf from "@book/tf";
import type { Executor } from "./server-core.js";

export function tfExecutor(): Executor {
  const models = new Map<string, tf.LayersModel>();
  return {
    async load(modelId, artifacts) {
      const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
      models.get(modelId)?.dispose();
      models.set(modelId, model);
      const [, ...inputShape] = model.inputs[0].shape as number[];
      const outputSize = (model.outputs[0].shape as number[]).slice(1).reduce((a, b) => a * b, 1);
      return { inputShape, outputSize };
    },
    unload(modelId) {
      models.get(modelId)?.dispose();
      models.delete(modelId);
    },
    async predict(modelId, inputs, count) {
      const model = models.get(modelId);
      if (!model) throw new Error(`服务器上没有模型“${modelId}”`);
      const [, ...shape] = model.inputs[0].shape as number[];
      const output = tf.tidy(() => model.predict(tf.tensor(inputs, [count, ...shape])) as tf.Tensor);
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    }
  };
}
