// Browser entry, bundled by scripts/setup.ts with esbuild into dist/browser.js.
// Framework's rollup bundling breaks seedrandom's CommonJS (`alea is not a function`),
// and importing the WebGPU backend separately would load a second tfjs-core.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu";
import { readBackendPreference } from "../../components/backend/preference.ts";

export * from "@tensorflow/tfjs";

// Start on the reader's chosen backend (the header badge), else tfjs's best (WebGPU, then
// WebGL, then CPU). Awaiting here means every importer gets an initialised backend.
const preferred = readBackendPreference();
const chosen = preferred && tf.findBackendFactory(preferred) ? await tf.setBackend(preferred).catch(() => false) : false;
if (!chosen) await tf.ready();
