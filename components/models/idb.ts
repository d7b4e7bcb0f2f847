// IndexedDB as promises, just what the model store needs: open the database (or say
// clearly why the browser will not give one), await a request, await a transaction's end.
import { QuotaError, StoreUnavailableError } from "./errors.js";

export function openDatabase(name: string, version: number, upgrade: (db: IDBDatabase) => void, factory: IDBFactory | undefined = globalThis.indexedDB): Promise<IDBDatabase> {
  if (!factory) return Promise.reject(new StoreUnavailableError("浏览器没有提供 indexedDB"));
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (error) {
      return reject(new StoreUnavailableError((error as Error).message));
    }
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new StoreUnavailableError(request.error?.message));
    request.onblocked = () => reject(new StoreUnavailableError("本站在另一个标签页里打开了旧版本的模型库，请关闭其他标签页后重试"));
  });
}

export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when every write of the transaction is on disk; rejects (and IndexedDB rolls
 * back all of them) on any failure. A quota failure becomes a QuotaError with the size. */
export function transactionDone(tx: IDBTransaction, neededBytes = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    const fail = () => {
      const error = tx.error;
      if (error?.name === "QuotaExceededError") void storageUsage().then((usage) => reject(new QuotaError(neededBytes, usage)));
      else reject(error ?? new Error("IndexedDB 事务被中止"));
    };
    // A failed request is not handled here, so IndexedDB aborts the whole transaction and
    // onabort reports it once.
    tx.onabort = fail;
  });
}

/** The site's storage use and quota as the browser reports them (undefined if it does not). */
export async function storageUsage(): Promise<{ usage: number; quota: number } | undefined> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
  return estimate && estimate.usage !== undefined && estimate.quota !== undefined ? { usage: estimate.usage, quota: estimate.quota } : undefined;
}
