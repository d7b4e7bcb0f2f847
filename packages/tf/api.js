// The tfjs API that every page gets from @book/tf: tfjs-core (with its gradients and chained
// ops, as @tensorflow/tfjs registers them), tfjs-layers and the plain-JS CPU backend. Unlike
// @tensorflow/tfjs it leaves out the WebGL backend (loaded as its own chunk when chosen:
// backend-chunk.js), tfjs-converter (graph models) and tfjs-data, which the book does not use.
// Book modules bundled into @book/tf import "@book/tf"; scripts/setup.ts aliases that here.
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops";
import { version_core } from "@tensorflow/tfjs-core";
import { version_cpu } from "@tensorflow/tfjs-backend-cpu";
import { version_layers } from "@tensorflow/tfjs-layers";

export * from "@tensorflow/tfjs-core";
export * from "@tensorflow/tfjs-layers";
export * from "@tensorflow/tfjs-backend-cpu";

export const version = { "tfjs-core": version_core, "tfjs-backend-cpu": version_cpu, "tfjs-layers": version_layers, tfjs: version_core };
