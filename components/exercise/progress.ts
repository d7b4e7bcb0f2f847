// The reader's progress, kept in the browser (localStorage), one record per exercise and
// one store per student ID, so switching IDs on a shared computer loses nothing.
import { storageErrorMessage } from "./student.js";

export type Status = "attempted" | "solved";

export interface ExerciseRecord {
  status: Status;
  attempts: number;
  /** Page of the exercise ("ch3-1-nn-basics"), so progress can be grouped by chapter. */
  page: string;
  /** ms since the epoch: first interaction, first and last check, first success. */
  startedAt?: number;
  firstAttemptAt: number;
  lastAttemptAt: number;
  solvedAt?: number;
  /** The last answer checked (code is cut at MAX_ANSWER), so a teacher can recheck it. */
  answer?: string;
  hintsShown?: number;
  solutionShown?: boolean;
}

export interface Progress {
  student: string;
  exercises: Record<string, ExerciseRecord>;
}

export const MAX_ANSWER = 4000;
const KEY_PREFIX = "dlbook:progress:";

export function emptyProgress(student: string): Progress {
  return { student, exercises: {} };
}

export function progressKey(student: string): string {
  return KEY_PREFIX + encodeURIComponent(student);
}

/** A stored progress that cannot be read is reported, not overwritten: the caller keeps
 * the raw text out of harm's way (see loadProgress). */
export function loadProgress(storage: Storage | null, student: string): { progress: Progress; warning?: string } {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(progressKey(student)) ?? null;
  } catch {
    return { progress: emptyProgress(student), warning: "浏览器禁止读取本地存储：本次的进度只保存在这个页面里。" };
  }
  if (raw === null) return { progress: emptyProgress(student) };
  try {
    const parsed = JSON.parse(raw) as Progress;
    if (parsed && typeof parsed.exercises === "object") return { progress: { student, exercises: parsed.exercises } };
  } catch {
    // fall through
  }
  // Keep the unreadable copy under another key rather than overwrite it on the next save.
  try {
    storage?.setItem(`${progressKey(student)}:unreadable:${Date.now()}`, raw);
    storage?.removeItem(progressKey(student));
  } catch {
    // leave it where it is
  }
  return { progress: emptyProgress(student), warning: "浏览器里保存的进度无法读取（可能已损坏），已原样另存一份，从空白进度开始。" };
}

/** Returns an error message (storage full, disabled), or null once saved. */
export function saveProgress(storage: Storage | null, progress: Progress): string | null {
  if (!storage) return "浏览器禁止了本地存储：进度只保存在这个页面里，离开前请在“学习进度”页导出。";
  try {
    storage.setItem(progressKey(progress.student), JSON.stringify(progress));
    return null;
  } catch (error) {
    return storageErrorMessage(error);
  }
}

export interface Attempt {
  id: string;
  page: string;
  ok: boolean;
  answer: string;
  now: number;
}

/** A new progress with one more check of exercise `id`; a solved exercise stays solved. */
export function recordAttempt(progress: Progress, { id, page, ok, answer, now }: Attempt): Progress {
  const old = progress.exercises[id];
  const record: ExerciseRecord = {
    ...old,
    page,
    status: ok || old?.status === "solved" ? "solved" : "attempted",
    attempts: (old?.attempts ?? 0) + 1,
    firstAttemptAt: old?.firstAttemptAt ?? now,
    lastAttemptAt: now,
    answer: answer.slice(0, MAX_ANSWER)
  };
  if (ok && !old?.solvedAt) record.solvedAt = now;
  return { ...progress, exercises: { ...progress.exercises, [id]: record } };
}

/** Notes something that is not a check (started, a hint, the solution) without counting an attempt. */
export function recordEvent(progress: Progress, id: string, page: string, change: Pick<ExerciseRecord, "startedAt" | "hintsShown" | "solutionShown">, now: number): Progress {
  const old = progress.exercises[id] ?? { status: "attempted", attempts: 0, page, firstAttemptAt: now, lastAttemptAt: now };
  const record: ExerciseRecord = { ...old, page };
  if (change.startedAt !== undefined) record.startedAt = Math.min(old.startedAt ?? Infinity, change.startedAt);
  if (change.hintsShown !== undefined) record.hintsShown = Math.max(old.hintsShown ?? 0, change.hintsShown);
  if (change.solutionShown) record.solutionShown = true;
  return { ...progress, exercises: { ...progress.exercises, [id]: record } };
}

const minDefined = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/** Merges two progress records of the same student (an import into the browser's copy):
 * solved beats attempted, counts and flags take the larger, times the earlier start and the
 * later last check, whose answer is kept. Nothing known to either side is dropped. */
export function mergeRecords(a: ExerciseRecord, b: ExerciseRecord): ExerciseRecord {
  const later = b.lastAttemptAt > a.lastAttemptAt ? b : a;
  const merged: ExerciseRecord = {
    status: a.status === "solved" || b.status === "solved" ? "solved" : "attempted",
    attempts: Math.max(a.attempts, b.attempts),
    page: later.page,
    firstAttemptAt: Math.min(a.firstAttemptAt, b.firstAttemptAt),
    lastAttemptAt: Math.max(a.lastAttemptAt, b.lastAttemptAt)
  };
  const startedAt = minDefined(a.startedAt, b.startedAt);
  const solvedAt = minDefined(a.solvedAt, b.solvedAt);
  const answer = later.answer ?? (later === a ? b : a).answer;
  if (startedAt !== undefined) merged.startedAt = startedAt;
  if (solvedAt !== undefined) merged.solvedAt = solvedAt;
  if (answer !== undefined) merged.answer = answer;
  if (a.hintsShown || b.hintsShown) merged.hintsShown = Math.max(a.hintsShown ?? 0, b.hintsShown ?? 0);
  if (a.solutionShown || b.solutionShown) merged.solutionShown = true;
  return merged;
}

export function mergeProgress(mine: Progress, theirs: Progress): Progress {
  const exercises = { ...mine.exercises };
  for (const [id, record] of Object.entries(theirs.exercises)) exercises[id] = exercises[id] ? mergeRecords(exercises[id], record) : record;
  return { student: mine.student, exercises };
}

/** One exercise of the book, as listed on the progress page (built from the pages). */
export interface CatalogEntry {
  id: string;
  title: string;
  page: string;
  chapter: string;
}

export interface ChapterSummary {
  chapter: string;
  page: string;
  total: number;
  solved: number;
  attempted: number;
  left: CatalogEntry[];
}

export function summarize(progress: Progress, catalog: CatalogEntry[]): ChapterSummary[] {
  const chapters = new Map<string, ChapterSummary>();
  for (const entry of catalog) {
    let summary = chapters.get(entry.page);
    if (!summary) chapters.set(entry.page, (summary = { chapter: entry.chapter, page: entry.page, total: 0, solved: 0, attempted: 0, left: [] }));
    summary.total++;
    const status = progress.exercises[entry.id]?.status;
    if (status === "solved") summary.solved++;
    else {
      if (status === "attempted" && progress.exercises[entry.id].attempts > 0) summary.attempted++;
      summary.left.push(entry);
    }
  }
  return [...chapters.values()];
}
