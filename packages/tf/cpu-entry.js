// The CPU backend chunk (dist/cpu.js, "@book/tf/cpu"): registers tfjs's plain-JS backend and
// the book's faster segment sum for it (the gradient of gather) on the page's tfjs-core
// (shared-core.js). Pages load it only when the reader picks CPU or WASM does not start.
import "@tensorflow/tfjs-backend-cpu";
import { registerCpuTrainingKernels } from "../../components/backend/wasm-kernels.ts";

registerCpuTrainingKernels();
