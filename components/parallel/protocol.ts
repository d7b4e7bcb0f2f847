// Messages between the page and a 5.1 worker (components/parallel/worker-core.ts). Every request
// carries an id; every answer repeats it with `start`/`end`: when the worker began and finished
// the work, in milliseconds since the epoch (timeOrigin + performance.now(), comparable across
// the page and its workers), which the timeline draws.
export type ToWorker =
  | { type: "set"; id: number; sizes: number[]; params: Float32Array; from?: number; to?: number }
  | { type: "gradient"; id: number; x: Float32Array; labels: Uint8Array; n: number; delayMs?: number }
  | { type: "apply"; id: number; gradient: Float32Array; lr: number }
  | { type: "params"; id: number }
  | { type: "forward"; id: number; micro: number; x: Float32Array; n: number; labels?: Uint8Array; microBatches?: number }
  | { type: "backward"; id: number; micro: number; dy?: Float32Array }
  | { type: "stage-apply"; id: number; lr: number }
  | { type: "matmul"; id: number; x: Float32Array; rows: number; inner: number; w: Float32Array; cols: number };

export type FromWorker =
  | { type: "ready"; backend: string }
  | { type: "failed"; message: string }
  | { type: "error"; id: number; message: string }
  | { type: "done"; id: number; start: number; end: number; delayEnd?: number; loss?: number; data?: Float32Array };

/** Something that carries messages: a Worker, or the page-side stand-in. */
export interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** Milliseconds since the epoch, with performance.now()'s resolution. */
export const clock = (): number => performance.timeOrigin + performance.now();
