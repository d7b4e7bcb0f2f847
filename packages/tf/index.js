// Node entry (unit tests, data loaders): plain tfjs with its CPU backend.
export * from "@tensorflow/tfjs";
