// Browser entry, bundled by scripts/setup.ts with esbuild into dist/browser.js.
// Framework's rollup bundling breaks seedrandom's CommonJS (`alea is not a function`),
// and importing the backends separately would load a second tfjs-core.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { chooseBackend } from "../../components/backend/choose.ts";
import { detectCompute } from "../../components/backend/detect.ts";
import { readBackendPreference } from "../../components/backend/preference.ts";
import { registerCpuTrainingKernels, registerWasmTrainingKernels } from "../../components/backend/wasm-kernels.ts";

export * from "@tensorflow/tfjs";

// The .wasm binaries are served by the site (site/package-assets.ts); this file lives at
// <site>/_node/@book/tf@VERSION/, so the site root is three folders up.
setWasmPaths(new URL(`../../../${__BOOK_WASM_PATH__}/`, import.meta.url).href);
registerWasmTrainingKernels();
registerCpuTrainingKernels();

// Start on the reader's choice (the header badge), else the best here: a real GPU, else
// WASM (components/backend/choose.ts). Awaiting means every importer gets a ready backend.
const choice = chooseBackend(await detectCompute(), readBackendPreference());
const started = await tf.setBackend(choice.backend).catch(() => false);
if (!started) await tf.ready();
