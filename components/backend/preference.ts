// The reader's choice of compute backend, remembered in the browser. Read by the tfjs
// bundle (packages/tf/browser-entry.js) before it initialises, and by the badge.

export const BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];
const KEY = "dlbook:backend";

export function readBackendPreference(storage: Pick<Storage, "getItem"> | null = safeStorage()): BackendName | null {
  try {
    const value = storage?.getItem(KEY);
    return BACKENDS.includes(value as BackendName) ? (value as BackendName) : null;
  } catch {
    return null;
  }
}

export function writeBackendPreference(name: BackendName | null, storage: Pick<Storage, "setItem" | "removeItem"> | null = safeStorage()): boolean {
  try {
    if (name) storage?.setItem(KEY, name);
    else storage?.removeItem(KEY);
    return !!storage;
  } catch {
    return false;
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
