// An Embedding layer as a stage of fast-step.ts's chains (fast-step-stages.ts): the lookup as
// ONE GatherV2 kernel, its gradient as ONE UnsortedSegmentSum. tf.layers.embedding's apply on
// 3.3's name classifier ran 11 kernels forward (reshape, a cast of the int32 ids to int32, the
// gather, reshape, the copies autodiff saves, and the padding mask twice: once for apply, once
// for the next layer) and 6 backward (tfjs's gather gradient: three reshapes, two transposes
// that do not move anything for axis 0, the segment sum). Here: the same gather on the same
// table and ids (the values are copies of the table's rows either way), the same segment sum
// of the same rows of ∂L/∂output in the same order (so the same bits), and the mask once.
import * as tf from "@book/tf";
import type { Stage } from "./fast-step-stages.js";

/** What the stage needs of tf.layers.embedding's config (public getConfig()). */
export interface EmbeddingConfig {
  maskZero?: boolean;
  embeddingsConstraint?: unknown;
}

type LayerVar = { read(): tf.Variable };

const kernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: object) => tf.engine().runKernel(name, inputs as never, attrs as never) as tf.Tensor;

/** Whether `layer` is an Embedding the stage computes, on ids of this dtype (tfjs-layers
 * would cast float ids first: those keep the layer's own apply). Its only trained weight is
 * the table; a constraint keeps the layer's own path too. */
export function embeddingFits(layer: tf.layers.Layer, config: EmbeddingConfig, idsDtype: string): boolean {
  return layer.getClassName() === "Embedding" && layer.trainable && layer.trainableWeights.length === 1 && config.embeddingsConstraint == null && idsDtype === "int32";
}

/** The layer's padding mask for these ids (tf.layers.embedding's computeMask: ids ≠ 0), or null without maskZero. */
export function embeddingMask(config: EmbeddingConfig, ids: tf.Tensor): tf.Tensor | null {
  return config.maskZero ? tf.notEqual(ids, tf.zerosLike(ids)) : null;
}

/** Table rows for int32 ids of any shape [...] → [..., d]; ∂table = Σ of ∂output's rows per id. */
export function embeddingStage(layer: tf.layers.Layer): Stage {
  const table = (layer.trainableWeights[0] as unknown as LayerVar).read();
  return {
    weights: [table],
    forward(ids) {
      const out = kernel("GatherV2", { x: table, indices: ids }, { axis: 0, batchDims: 0 });
      return {
        out,
        backward(dy) {
          // tfjs's gather gradient for axis 0: ∂output as [ids, d] rows, summed per id into [vocabulary, d].
          const [vocabulary, d] = table.shape;
          const rows = tf.reshape(dy, [ids.size, d]);
          return { dx: null, grads: [kernel("UnsortedSegmentSum", { x: rows, segmentIds: tf.reshape(ids, [ids.size]) }, { numSegments: vocabulary })] };
        }
      };
    }
  };
}
