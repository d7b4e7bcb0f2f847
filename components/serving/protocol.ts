// Messages between the page and the inference server (a Web Worker, or the same code on
// the page when no Worker can start). Inputs travel as Float32Array (transferred, not copied).
import type { BatchRecord } from "./micro-batcher.js";

/** What the server needs of a stored model: tfjs's artefacts with the weights in one buffer. */
export interface ServedArtifacts {
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

export type ToServer =
  | { type: "configure"; maxBatch: number; maxWaitMs: number; maxQueue?: number }
  | { type: "load"; id: number; modelId: string; artifacts: ServedArtifacts }
  | { type: "unload"; id: number; modelId: string }
  | { type: "predict"; id: number; modelId: string; input: Float32Array };

export type FromServer =
  | { type: "ready"; backend: string }
  | { type: "failed"; message: string }
  | { type: "loaded"; id: number; modelId: string; inputShape: number[]; outputSize: number }
  | { type: "unloaded"; id: number }
  | { type: "prediction"; id: number; output: Float32Array; batchSize: number }
  | { type: "error"; id: number; message: string }
  | { type: "batch"; modelId: string; record: BatchRecord };

/** Where the server's messages go and where it receives from: a Worker's `self`, or a
 * pair of in-page ports when it runs on the page. */
export interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
