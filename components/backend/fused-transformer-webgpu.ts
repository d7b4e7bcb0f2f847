// The nine kernels of 3.5's fused Transformer step (components/nn/transformer-step.ts) for
// tfjs's WebGPU backend, in WGSL (fused-transformer-webgpu-*.ts), with the same contract as
// the cpu/wasm versions in fused-transformer.ts. With them fusedStepAvailable() is true on
// webgpu, and a training step runs ~80 kernels instead of autodiff's ~670.
// Registering for a backend that is not (yet) there is harmless: the browser bundle registers
// these before the WebGPU chunk loads, and Node entries never load the backend for them.
import { getKernel, registerKernel, type KernelFunc } from "@tensorflow/tfjs-core";
import { attentionGradWebGPU, attentionWebGPU } from "./fused-transformer-webgpu-attention.js";
import { softmaxXentWebGPU } from "./fused-transformer-webgpu-loss.js";
import { addLayerNormWebGPU, layerNormGradWebGPU } from "./fused-transformer-webgpu-norm.js";
import { biasReluWebGPU, embedGradWebGPU, embedWebGPU, reluGradWebGPU } from "./fused-transformer-webgpu-rows.js";

export const FUSED_TRANSFORMER_WEBGPU: Record<string, KernelFunc> = {
  BookEmbed: embedWebGPU,
  BookEmbedGrad: embedGradWebGPU,
  BookAttention: attentionWebGPU,
  BookAttentionGrad: attentionGradWebGPU,
  BookAddLayerNorm: addLayerNormWebGPU,
  BookLayerNormGrad: layerNormGradWebGPU,
  BookBiasRelu: biasReluWebGPU,
  BookReluGrad: reluGradWebGPU,
  BookSoftmaxXent: softmaxXentWebGPU
};

/** Registers the kernels above for webgpu (once); returns the names added. */
export function registerFusedTransformerWebGPU(): string[] {
  const added: string[] = [];
  for (const [kernelName, kernelFunc] of Object.entries(FUSED_TRANSFORMER_WEBGPU)) {
    if (getKernel(kernelName, "webgpu")) continue;
    registerKernel({ kernelName, backendName: "webgpu", kernelFunc });
    added.push(`${kernelName}/webgpu`);
  }
  return added;
}
