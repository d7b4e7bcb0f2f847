// Browser entry, bundled by scripts/setup.ts with esbuild into dist/browser.js.
// Framework's rollup bundling breaks seedrandom's CommonJS (`alea is not a function`),
// and importing the backends separately would load a second tfjs-core. Inside this bundle
// "@book/tf" is an alias of "@tensorflow/tfjs" (the same instance), so the book's modules
// bundled here (the speed probe's model builders) share it.
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { quickRequested } from "../../components/backend/budget.ts";
import { detectCompute } from "../../components/backend/detect.ts";
<<<<<<< HEAD
import { registerFusedLstm } from "../../components/backend/fused-lstm.ts";
=======
import { registerFusedAdam } from "../../components/backend/fused-adam.ts";
>>>>>>> adam
import { readBackendPreference, takeBackendOnce } from "../../components/backend/preference.ts";
import { startBackend } from "../../components/backend/startup.ts";
import { publishBackendStatus } from "../../components/backend/status.ts";
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.ts";
import { registerFusedTransformerKernels } from "../../components/backend/fused-transformer.ts";
import { registerWebGPUKernelFixes } from "../../components/backend/webgpu-kernels.ts";

export * from "@tensorflow/tfjs";

// The .wasm binaries are served by the site (site/package-assets.ts); this file lives at
// <site>/_node/@book/tf@VERSION/, so the site root is three folders up.
setWasmPaths(new URL(`../../../${__BOOK_WASM_PATH__}/`, import.meta.url).href);
registerWasmTrainingKernels();
registerFusedAdam();
registerFusedLstm();
registerFusedTransformerKernels();
registerCpuTrainingKernels();
registerWebGPUKernelFixes();

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
    quick: quickRequested()
  })
);
