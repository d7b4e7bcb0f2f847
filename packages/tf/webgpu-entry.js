// The WebGPU backend chunk (dist/webgpu.js, "@book/tf/webgpu"): registers tfjs's WebGPU
// backend, the book's fix for its Transpose and its WGSL LSTM step kernels on the page's
// tfjs-core (shared-core.js).
import "@tensorflow/tfjs-backend-webgpu";
import { registerFusedLstmWebGPU } from "../../components/backend/fused-lstm-webgpu.ts";
import { registerWebGPUKernelFixes } from "../../components/backend/webgpu-kernels.ts";

registerWebGPUKernelFixes();
registerFusedLstmWebGPU();
