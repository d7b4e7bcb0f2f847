// A reader's edits to a cell, kept in the browser per page and cell. Each edit remembers
// a hash of the book's code it was based on, so a later change to the book is noticed
// instead of silently replacing (or losing) the reader's version.

export interface SavedEdit {
  code: string;
  base: string; // hashCode() of the book's code the edit started from
  savedAt: number;
}

export type StorageResult = { ok: true } | { ok: false; message: string };

import { fnv1a } from "../util/hash.js";

const PREFIX = "dlbook:cell:v1:";

/** Eight hex digits identifying a text (see util/hash.ts). */
export function hashCode(text: string): string {
  return fnv1a(text).toString(16).padStart(8, "0");
}

export function editKey(page: string, cell: string): string {
  return `${PREFIX}${page}:${cell}`;
}

export function loadEdit(storage: Storage, page: string, cell: string): SavedEdit | null | { error: string } {
  let raw: string | null;
  try {
    raw = storage.getItem(editKey(page, cell));
  } catch (error) {
    return { error: `无法读取浏览器存储：${(error as Error).message}` };
  }
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw);
    if (typeof value?.code !== "string" || typeof value?.base !== "string") throw new Error("格式不对");
    return { code: value.code, base: value.base, savedAt: Number(value.savedAt) || 0 };
  } catch (error) {
    return { error: `保存的修改已损坏（${(error as Error).message}），已忽略；书中的代码未受影响。` };
  }
}

export function saveEdit(storage: Storage, page: string, cell: string, code: string, base: string): StorageResult {
  try {
    storage.setItem(editKey(page, cell), JSON.stringify({ code, base, savedAt: Date.now() } satisfies SavedEdit));
    return { ok: true };
  } catch (error) {
    const full = (error as DOMException)?.name === "QuotaExceededError";
    return { ok: false, message: full ? "浏览器存储已满，这次修改没有保存（仍保留在页面上）。" : `修改没有保存：${(error as Error).message}` };
  }
}

export function clearEdit(storage: Storage, page: string, cell: string): void {
  try {
    storage.removeItem(editKey(page, cell));
  } catch {
    // nothing saved, nothing to lose
  }
}
