// The names of the fused LSTM kernels (backend/fused-lstm.ts registers the per-step pair,
// backend/fused-lstm-seq.ts the whole-sequence pair, for cpu and wasm), in a module of their
// own so components/nn/fast-lstm.ts can look for them without importing tfjs-core a second
// time into pages.
export const LSTM_CELL = "BookLstmCell";
export const LSTM_CELL_GRAD = "BookLstmCellGrad";
export const LSTM_SEQUENCE = "BookLstmSequence";
export const LSTM_SEQUENCE_GRAD = "BookLstmSequenceGrad";
