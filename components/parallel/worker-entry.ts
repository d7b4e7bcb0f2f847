// 5.1's training worker (src/ch5-1-parallel.md), bundled by scripts/setup.ts into
// packages/tf/dist/parallel-worker.js and served at PARALLEL_WORKER_PATH: tfjs on the WASM
// backend (the .wasm files from the site itself), the CPU backend if WASM cannot start.
import * as tf from "@book/tf";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { FromWorker, ToWorker } from "./protocol.js";
import { WorkerCore } from "./worker-core.js";

declare const __BOOK_WASM_PATH__: string;
declare const self: { location: { href: string }; postMessage(message: unknown, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent) => void) | null };

// This file lives at <site>/_node/@book/parallel-worker/parallel-worker.js: the site root is three folders up.
setWasmPaths(new URL(`../../../${__BOOK_WASM_PATH__}/`, self.location.href).href);

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

async function start(): Promise<void> {
  let backend = "wasm";
  // One thread per worker: a worker stands for one device. On a cross-origin-isolated page tfjs
  // would otherwise start its own pool of WASM threads inside every worker.
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("WASM 后端初始化失败");
  } catch {
    backend = "cpu";
    await tf.setBackend("cpu");
  }
  await tf.ready();
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
