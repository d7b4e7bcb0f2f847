// What the page's tfjs actually runs on, published by the @book/tf bundle for the header
// badge (badge.ts) and readers' scripts. The bundle and the page load separate copies of
// these modules, so the record lives on globalThis and changes are announced with an event.
import type { BackendName } from "./preference.js";
import type { SpeedRecord } from "./speed.js";

export interface BackendStatus {
  /** The chooser's pick (choose.ts). */
  picked: BackendName;
  /** What tf.getBackend() returned after starting. */
  actual: string;
  /** The chooser's sentence: why it picked `picked`. */
  reason: string;
  chosenByReader: boolean;
  /** Why `actual` differs from `picked` (the pick failed to start), in Chinese. */
  fallback?: string;
  /** What the chooser picks without the reader's choice (the menu's 自动 entry). */
  auto: BackendName;
  /** Measured training speed of this page's model per backend, if any. */
  speeds?: SpeedRecord;
  /** Where this page's speed record is kept (speed.ts): a failed run records itself there. */
  speedKey: string;
  /** The page's model (or the page's name when it has no probe model). */
  model: string;
}

const KEY = "__dlbookBackendStatus";
export const BACKEND_STATUS_EVENT = "dlbook:backend";

type Scope = typeof globalThis & { [KEY]?: BackendStatus };

export function publishBackendStatus(status: BackendStatus, scope: Scope = globalThis): void {
  scope[KEY] = status;
  if (typeof scope.dispatchEvent === "function" && typeof CustomEvent === "function") scope.dispatchEvent(new CustomEvent(BACKEND_STATUS_EVENT, { detail: status }));
}

export function readBackendStatus(scope: Scope = globalThis): BackendStatus | null {
  return scope[KEY] ?? null;
}

/** Calls back with the status now (if published) and whenever it is published again. */
export function onBackendStatus(callback: (status: BackendStatus) => void, scope: Scope = globalThis): () => void {
  const now = readBackendStatus(scope);
  if (now) callback(now);
  const listener = (event: Event) => callback((event as CustomEvent<BackendStatus>).detail);
  scope.addEventListener?.(BACKEND_STATUS_EVENT, listener);
  return () => scope.removeEventListener?.(BACKEND_STATUS_EVENT, listener);
}
