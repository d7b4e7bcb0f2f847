// tfjs for the book's Web Workers (7's inference server, 5.1's parallel workers; bundled by
// scripts/setup.ts): the page's API (api.js) with the CPU backend registered up front, as the
// workers' fallback when WASM does not start. No WebGL, converter or data: workers train and
// serve on WASM or CPU.
import "@tensorflow/tfjs-backend-cpu";

export * from "./api.js";
