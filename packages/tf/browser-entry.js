// Browser entry, bundled by scripts/setup.ts with esbuild into dist/browser.js.
// Framework's rollup bundling breaks seedrandom's CommonJS (`alea is not a function`),
// so tfjs is pre-bundled here. Inside this bundle "@book/tf" is ./api.js (the same tfjs
// instance), so the book's modules bundled here (the speed probe's model builders) share it.
// Only the WASM backend is in this bundle. The CPU, WebGPU and WebGL backends are chunks of
// their own (dist/cpu.js, webgpu.js, webgl.js, served as "@book/tf/cpu", …), imported only
// when startup.ts picks or probes them (CPU: the reader's choice, or the fallback when WASM
// does not start): they run on this bundle's tfjs-core through shareTfjsCore(), so the page
// has ONE tfjs-core.
import * as tfjsCore from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { quickRequested } from "../../components/backend/budget.ts";
import { detectCompute } from "../../components/backend/detect.ts";
import { registerFusedAdam } from "../../components/backend/fused-adam.ts";
import { registerFusedLstm } from "../../components/backend/fused-lstm.ts";
import { registerLstmSequence } from "../../components/backend/fused-lstm-seq.ts";
import { registerFusedTransformerKernels } from "../../components/backend/fused-transformer.ts";
import { registerFusedTransformerWebGPU } from "../../components/backend/fused-transformer-webgpu.ts";
import { readBackendPreference, takeBackendOnce } from "../../components/backend/preference.ts";
import { startBackend } from "../../components/backend/startup.ts";
import { publishBackendStatus } from "../../components/backend/status.ts";
import { registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.ts";
import { shareTfjsCore } from "./shared-core.js";

export * from "./api.js";

// The .wasm binaries are served by the site (site/package-assets.ts); this file lives at
// <site>/_node/@book/tf@VERSION/, so the site root is three folders up.
setWasmPaths(new URL(`../../../${__BOOK_WASM_PATH__}/`, import.meta.url).href);

// Kernels for the backends in this bundle (the CPU and WebGPU fixes register in their chunks).
registerWasmTrainingKernels();
// The book's fused kernels register by name for every backend they implement (cpu, wasm,
// webgpu), so they are in place when a backend's chunk arrives.
registerFusedAdam();
registerFusedLstm();
registerLstmSequence();
registerFusedTransformerKernels();
registerFusedTransformerWebGPU();

shareTfjsCore(tfjsCore);

/** Imports a backend's chunk, which registers the backend (and its kernel fixes). */
const BACKEND_CHUNKS = {
  cpu: () => import("@book/tf/cpu"),
  webgpu: () => import("@book/tf/webgpu"),
  webgl: () => import("@book/tf/webgl")
};

// Start on the reader's choice (the header badge), else the fastest here for this page's
// model (components/backend/startup.ts). Awaiting means every importer gets a ready backend;
// the badge shows what tfjs actually runs.
publishBackendStatus(
  await startBackend({
    info: await detectCompute(),
    preference: readBackendPreference(),
    once: takeBackendOnce(),
    pathname: location.pathname,
    build: __BOOK_BUILD__,
    quick: quickRequested(),
    load: async (name) => {
      await BACKEND_CHUNKS[name]?.();
    }
  })
);
