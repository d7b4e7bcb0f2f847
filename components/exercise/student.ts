// Who is answering: a name or student ID typed once, kept in the browser. Its seed fixes
// every exercise's variant (random.ts). The seed is derived from the ID alone, with a
// versioned salt, so a teacher's page can recompute it from the ID in an export.
import { fnv1a } from "../util/hash.js";

export const MAX_ID_LENGTH = 40;
const SEED_SALT = "dlbook-student-v1:";
const STUDENT_KEY = "dlbook:student";

/** Letters of any script, digits, spaces and - _ . · (names like "王小明" or "2024-031"). */
const ALLOWED = /^[\p{L}\p{M}\p{N} _.\-·]+$/u;

export type IdCheck = { ok: true; id: string } | { ok: false; message: string };

/** Normalises (NFKC, trimmed, single spaces) and validates an ID, with a message that
 * says what to change. */
export function checkStudentId(raw: string): IdCheck {
  const id = raw.normalize("NFKC").trim().replace(/\s+/g, " ");
  if (!id) return { ok: false, message: "请输入你的姓名或学号（不能为空）。" };
  if ([...id].length > MAX_ID_LENGTH) return { ok: false, message: `姓名或学号最长 ${MAX_ID_LENGTH} 个字，现在有 ${[...id].length} 个。` };
  if (!ALLOWED.test(id)) {
    const odd = [...new Set([...id].filter((ch) => !ALLOWED.test(ch)))].slice(0, 5).map((ch) => `“${ch}”`).join("、");
    return { ok: false, message: `姓名或学号里不能有 ${odd}：只能用文字、数字、空格和 - _ . · 。` };
  }
  return { ok: true, id };
}

/** The seed of a (normalised) ID; "" is the guest's seed. */
export function studentSeed(id: string): number {
  return fnv1a(SEED_SALT + id);
}

export function loadStudentId(storage: Storage | null): string {
  try {
    const stored = storage?.getItem(STUDENT_KEY) ?? "";
    const check = checkStudentId(stored);
    return check.ok ? check.id : "";
  } catch {
    return "";
  }
}

/** Returns an error message, or null once saved. */
export function saveStudentId(storage: Storage | null, id: string): string | null {
  if (!storage) return "浏览器禁止了本地存储：姓名或学号只在本页有效，刷新后需要重新输入。";
  try {
    storage.setItem(STUDENT_KEY, id);
    return null;
  } catch (error) {
    return storageErrorMessage(error);
  }
}

export function storageErrorMessage(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED")
    return "浏览器的本地存储已满，这次的进度没有保存。请先在“学习进度”页导出进度文件，再清理本站或其他网站的存储。";
  return `无法写入浏览器的本地存储（${String((error as Error)?.message ?? error)}），这次的进度没有保存。`;
}

export function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
