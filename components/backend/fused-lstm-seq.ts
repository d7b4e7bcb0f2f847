// The whole-sequence LSTM kernels for cpu and wasm: BookLstmSequence runs all T steps forward
// in one kernel, BookLstmSequenceGrad backpropagation through all of them (arithmetic in
// fused-lstm-seq-math.ts, the per-step kernels' own, so the bits are the same). FastLstm
// (components/nn/fast-lstm.ts) runs them where registered, else the per-step kernels
// (fused-lstm.ts; the only fused path on webgpu), else its unfused ops.
import { getKernel } from "@tensorflow/tfjs-core";
import { LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD } from "../nn/fused-lstm-names.js";
import { registerLstmKernels, unregisterLstmKernels } from "./fused-lstm.js";
import { sequenceForward, sequenceGrad } from "./fused-lstm-seq-math.js";

export { LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD };

/** Registers both for cpu and wasm (again after unregisterLstmSequence). */
export function registerLstmSequence(): void {
  registerLstmKernels({ [LSTM_SEQUENCE]: sequenceForward, [LSTM_SEQUENCE_GRAD]: sequenceGrad });
}

/** Removes them: FastLstm then runs one kernel per step (for comparisons in tests and scripts). */
export function unregisterLstmSequence(): void {
  unregisterLstmKernels([LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD]);
}

/** Whether `backendName` has both. */
export function lstmSequenceAvailable(backendName: string): boolean {
  return !!getKernel(LSTM_SEQUENCE, backendName) && !!getKernel(LSTM_SEQUENCE_GRAD, backendName);
}
