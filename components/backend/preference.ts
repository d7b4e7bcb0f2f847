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

/** A backend for the next page load only, with the reason the badge shows (the "rerun on
 * WASM" action of a run stopped by a WebGPU error). Kept for the tab (sessionStorage). */
export interface OneTimeBackend {
  backend: BackendName;
  reason: string;
}
const ONCE_KEY = "dlbook:backend-once";

export function requestBackendOnce(choice: OneTimeBackend, storage: Pick<Storage, "setItem"> | null = safeSession()): boolean {
  try {
    storage?.setItem(ONCE_KEY, JSON.stringify(choice));
    return !!storage;
  } catch {
    return false;
  }
}

/** The one-time backend, removed as it is read. */
export function takeBackendOnce(storage: Pick<Storage, "getItem" | "removeItem"> | null = safeSession()): OneTimeBackend | null {
  try {
    const value = JSON.parse(storage?.getItem(ONCE_KEY) ?? "null");
    storage?.removeItem(ONCE_KEY);
    return value && BACKENDS.includes(value.backend) && typeof value.reason === "string" ? { backend: value.backend, reason: value.reason } : null;
  } catch {
    return null;
  }
}

function safeSession(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
