// The names of the fused LSTM kernels (backend/fused-lstm.ts registers them for cpu and wasm), in a
// module of their own so components/nn/fast-lstm.ts can look for them without importing
// tfjs-core a second time into pages.
export const LSTM_CELL = "BookLstmCell";
export const LSTM_CELL_GRAD = "BookLstmCellGrad";
