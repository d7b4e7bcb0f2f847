// Browser entry, bundled by scripts/setup.ts with esbuild into dist/tf.browser.js.
// Framework's rollup bundling breaks seedrandom's CommonJS (`alea is not a function`),
// and importing the WebGPU backend separately would load a second tfjs-core.
export * from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-webgpu";
