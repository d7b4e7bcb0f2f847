// The WebGPU backend chunk (dist/webgpu.js, "@book/tf/webgpu"): registers tfjs's WebGPU
// backend and the book's fix for its Transpose on the page's tfjs-core (shared-core.js).
import "@tensorflow/tfjs-backend-webgpu";
import { registerWebGPUKernelFixes } from "../../components/backend/webgpu-kernels.ts";

registerWebGPUKernelFixes();
