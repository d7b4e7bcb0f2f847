// tfjs inside one of the book's worker bundles (scripts/setup.ts): the WASM backend with its
// .wasm files from the site itself, the CPU backend if WASM cannot start.
import * as tf from "@book/tf";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

declare const __BOOK_WASM_PATH__: string;
declare const self: { location: { href: string } };

/** Starts tfjs in the worker and returns the backend it runs on. Bundles live at
 * <site>/_node/@book/<name>/<file>.js, so the site root is three folders up. */
export async function startWorkerTf({ singleThread = false } = {}): Promise<string> {
  setWasmPaths(new URL(`../../../${__BOOK_WASM_PATH__}/`, self.location.href).href);
  // A worker that stands for one device uses one thread: on a cross-origin-isolated page tfjs
  // would otherwise start its own pool of WASM threads inside every worker.
  if (singleThread) tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  let backend = "wasm";
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("WASM 后端初始化失败");
  } catch {
    backend = "cpu";
    await tf.setBackend("cpu");
  }
  await tf.ready();
  return backend;
}
