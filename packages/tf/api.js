// The tfjs API that every page gets from @book/tf: tfjs-core (with its gradients and chained
// ops, as @tensorflow/tfjs registers them) and tfjs-layers. Unlike @tensorflow/tfjs it leaves
// out the backends (browser-entry.js adds WASM; CPU, WebGL and WebGPU are chunks loaded when
// chosen), tfjs-converter (graph models) and tfjs-data, which the book does not use.
// Book modules bundled into @book/tf import "@book/tf"; scripts/setup.ts aliases that here.
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
import { version_core } from "@tensorflow/tfjs-core";
import { version_layers } from "@tensorflow/tfjs-layers";

export * from "@tensorflow/tfjs-core";
export * from "@tensorflow/tfjs-layers";

export const version = { "tfjs-core": version_core, "tfjs-layers": version_layers, tfjs: version_core };
