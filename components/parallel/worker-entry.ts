// 5.1's training worker (src/ch5-1-parallel.md), bundled by scripts/setup.ts into
// packages/tf/dist/parallel-worker.js and served at PARALLEL_WORKER_PATH: tfjs on the WASM
// backend (the .wasm files from the site itself), the CPU backend if WASM cannot start.
import type { FromWorker, ToWorker } from "./protocol.js";
import { WorkerCore } from "./worker-core.js";
import { startWorkerTf } from "../workers/worker-tf.js";

declare const self: { postMessage(message: unknown, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent) => void) | null };

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

async function start(): Promise<void> {
  const backend = await startWorkerTf({ singleThread: true });
  const core = new WorkerCore(post);
  // Messages are handled one after another, like a device's stream: a stage that gets two
  // micro-batches computes them in the order they came.
  let queue = Promise.resolve();
  self.onmessage = (event: MessageEvent<ToWorker>) => {
    queue = queue.then(() => core.handle(event.data));
  };
  post({ type: "ready", backend });
}

start().catch((error: Error) => post({ type: "failed", message: error.message }));
