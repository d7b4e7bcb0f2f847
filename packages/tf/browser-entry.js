// Browser entry, bundled by scripts/setup.ts with esbuild into dist/browser.js.
// Framework's rollup bundling breaks seedrandom's CommonJS (`alea is not a function`),
// and importing the WebGPU backend separately would load a second tfjs-core.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu";

export * from "@tensorflow/tfjs";

// WebGPU initialises asynchronously; awaiting here means every importer gets a ready
// backend (tfjs falls back to WebGL, then CPU, if initialising one fails).
await tf.ready();
