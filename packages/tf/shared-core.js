// How the backend chunks (CPU, WebGPU, WebGL) reach the page's one tfjs-core: the main bundle
// puts its tfjs-core module here before it imports a chunk; in each chunk
// "@tensorflow/tfjs-core" is a module that reads it back (scripts/setup.ts builds it). A chunk bundled with its own tfjs-core would
// register its backend on a second engine that the page's tensors never see.
export const TFJS_CORE_KEY = Symbol.for("dlbook:tfjs-core");

export function shareTfjsCore(core) {
  globalThis[TFJS_CORE_KEY] = core;
}
