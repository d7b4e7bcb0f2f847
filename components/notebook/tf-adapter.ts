// The one place where the notebook engine reaches into tfjs internals (tfjs 4.22; checked
// at install, failing loudly on another version):
// - Engine.trackTensor, called for every new tensor and variable, tells which tensors
//   were made while a cell was running, so a run that throws can free what it made;
// - KernelBackend.write, called for every new buffer, turns an allocation too large for
//   the backend into an error that names the shape and the bytes.
import { cellOnStack } from "./cell-body.js";
import { TESTED_TFJS } from "../util/tf-internals.js";
import { TensorTooLargeError, tensorBytes } from "./errors.js";

/** The same release as the library's adapter (util/tf-internals.ts): one tfjs for the book. */
export const SUPPORTED_TFJS = TESTED_TFJS;

interface TensorLike {
  readonly id: number;
  readonly isDisposed: boolean;
  dispose(): void;
}
interface EngineLike {
  trackTensor(tensor: TensorLike, backend: unknown): void;
}
interface BackendLike {
  write(values: unknown, shape: number[], dtype: string): unknown;
}
/** The parts of the tfjs module the adapter touches. */
export interface TfModule {
  version: { tfjs?: string; "tfjs-core"?: string };
  engine(): unknown;
  getBackend(): string;
  findBackend(name: string): unknown;
}

/** Tensors made while one or more runs were collecting. */
export class TensorCollector {
  /** Made while this was the only collector, or by this cell's code: this run's. */
  readonly exclusive = new Set<TensorLike>();
  /** Made while other runs were collecting too, by code of no cell: owner unknown. */
  shared = 0;
  constructor(readonly cellId: string) {}
}

/** Ops that take the new tensor's shape as their first argument. */
const SHAPED_OPS = new Set(["zeros", "ones", "fill", "randomNormal", "randomUniform", "truncatedNormal", "randomGamma", "buffer"]);

export interface TfAdapter {
  /** tf as a reader's cell sees it: ops that make a tensor of a given shape say how large
   * it was when the memory for it cannot be had (the allocation fails in tfjs's own
   * JavaScript, before any backend sees it). */
  readonly forCells: object;
  collect(cellId: string): TensorCollector;
  stopCollecting(collector: TensorCollector): void;
  /** Guards the current backend's allocations (after a backend switch, say). */
  guardBackend(): void;
}

const adapters = new WeakMap<object, TfAdapter>();
/** The largest buffer WebAssembly's 32-bit memory can address. */
const WASM_LIMIT = 2 ** 32;

export function tfAdapter(tf: TfModule): TfAdapter {
  const existing = adapters.get(tf);
  if (existing) return existing;
  const version = tf.version["tfjs-core"] ?? tf.version.tfjs;
  const engine = tf.engine() as EngineLike;
  if (version !== SUPPORTED_TFJS || typeof engine.trackTensor !== "function") {
    throw new Error(`笔记本引擎只支持 tfjs ${SUPPORTED_TFJS}，这里是 ${version}：请更新 components/notebook/tf-adapter.ts`);
  }
  const collectors = new Set<TensorCollector>();
  const track = engine.trackTensor;
  engine.trackTensor = function (this: EngineLike, tensor, backend) {
    track.call(this, tensor, backend);
    if (collectors.size === 1) for (const only of collectors) only.exclusive.add(tensor);
    else if (collectors.size > 1) {
      // Several cells are running (one may be awaiting a button): the stack tells whose
      // code made the tensor. Only paid for while runs overlap.
      const cell = cellOnStack();
      const owner = cell && [...collectors].find((c) => c.cellId === cell);
      if (owner) owner.exclusive.add(tensor);
      else for (const collector of collectors) collector.shared++;
    }
  };

  const guarded = new WeakSet<object>();
  const forCells = new Proxy(tf, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || !SHAPED_OPS.has(property) || typeof value !== "function") return value;
      return (shape: unknown, ...rest: unknown[]) => {
        try {
          return value(shape, ...rest);
        } catch (error) {
          const dtype = typeof rest[rest.length - 1] === "string" ? (rest[rest.length - 1] as string) : "float32";
          if (error instanceof RangeError && !(error instanceof TensorTooLargeError) && Array.isArray(shape)) throw new TensorTooLargeError(shape, dtype, tf.getBackend(), error);
          throw error;
        }
      };
    }
  });
  const adapter: TfAdapter = {
    forCells,
    collect(cellId) {
      const collector = new TensorCollector(cellId);
      collectors.add(collector);
      return collector;
    },
    stopCollecting(collector) {
      collectors.delete(collector);
    },
    guardBackend() {
      const name = tf.getBackend();
      const backend = name ? (tf.findBackend(name) as BackendLike | null) : null;
      if (!backend || guarded.has(backend) || typeof backend.write !== "function") return;
      guarded.add(backend);
      const write = backend.write;
      backend.write = function (this: BackendLike, values, shape, dtype) {
        // WebAssembly's malloc takes a 32-bit size: a larger request would silently wrap.
        if (name === "wasm" && tensorBytes(shape, dtype) >= WASM_LIMIT) throw new TensorTooLargeError(shape, dtype, name, "超过 4 GB");
        try {
          return write.call(this, values, shape, dtype);
        } catch (error) {
          throw error instanceof RangeError ? new TensorTooLargeError(shape, dtype, name, error) : error;
        }
      };
    }
  };
  adapters.set(tf, adapter);
  adapter.guardBackend();
  return adapter;
}
