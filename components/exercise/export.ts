// The progress file a student hands in: JSON with the student's ID and seed (so a teacher
// can recompute every variant), the records, and a SHA-256 checksum over the rest. The
// checksum catches accidental edits and damaged files; it is NOT proof against a
// determined student, who can recompute it (the code is in every copy of the book).
import { mergeProgress, type ExerciseRecord, type Progress } from "./progress.js";
import { checkStudentId, studentSeed } from "./student.js";

export const FORMAT = "dlbook-progress";
export const VERSION = 1;

export interface ProgressFile {
  format: typeof FORMAT;
  version: number;
  student: { id: string; seed: number };
  exportedAt: string;
  exercises: Record<string, ExerciseRecord>;
  checksum: string;
}

/** JSON with sorted keys, so the checksum does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export async function checksumOf(file: Omit<ProgressFile, "checksum">): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson({ ...file, checksum: undefined }));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export async function exportProgress(progress: Progress, now = new Date()): Promise<ProgressFile> {
  const body = { format: FORMAT, version: VERSION, student: { id: progress.student, seed: studentSeed(progress.student) }, exportedAt: now.toISOString(), exercises: progress.exercises } as const;
  return { ...body, checksum: await checksumOf(body) };
}

export function progressFileName(student: string, now = new Date()): string {
  const safe = student ? student.replace(/[^\p{L}\p{N}_-]+/gu, "_") : "访客";
  return `学习进度-${safe}-${now.toISOString().slice(0, 10)}.json`;
}

export type ParsedFile = { ok: true; progress: Progress; exportedAt: string } | { ok: false; message: string };

/** Reads a progress file, checking everything before anything is used. */
export async function parseProgressFile(text: string): Promise<ParsedFile> {
  let data: any;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: "这个文件不是有效的 JSON（可能被截断或损坏），没有导入任何内容。" };
  }
  if (!data || typeof data !== "object" || data.format !== FORMAT) return { ok: false, message: "这不是本书导出的学习进度文件（缺少 \"format\": \"dlbook-progress\"），没有导入任何内容。" };
  if (data.version !== VERSION) return { ok: false, message: `这个进度文件的版本是 ${JSON.stringify(data.version)}，本书只能读取版本 ${VERSION}，没有导入任何内容。` };
  const id = data.student?.id;
  const check = typeof id === "string" && (id === "" || checkStudentId(id).ok);
  if (!check) return { ok: false, message: "进度文件里的姓名或学号缺失或不合法，没有导入任何内容。" };
  if (typeof data.checksum !== "string" || data.checksum !== (await checksumOf(data))) {
    return { ok: false, message: "校验和不符：文件在导出之后被修改过或已损坏，没有导入任何内容。请重新导出一份。" };
  }
  if (data.student.seed !== studentSeed(id)) return { ok: false, message: "进度文件里的种子与姓名或学号不符，没有导入任何内容。" };
  const problem = Object.entries(data.exercises ?? {}).find(([, r]) => !validRecord(r));
  if (!data.exercises || typeof data.exercises !== "object" || problem) return { ok: false, message: `进度文件里${problem ? `练习 ${problem[0]} 的` : ""}记录格式不对，没有导入任何内容。` };
  return { ok: true, progress: { student: id, exercises: data.exercises }, exportedAt: String(data.exportedAt ?? "") };
}

function validRecord(r: any): r is ExerciseRecord {
  const time = (x: unknown) => x === undefined || (typeof x === "number" && Number.isFinite(x));
  return (
    r &&
    typeof r === "object" &&
    (r.status === "solved" || r.status === "attempted") &&
    Number.isInteger(r.attempts) &&
    r.attempts >= 0 &&
    typeof r.page === "string" &&
    time(r.firstAttemptAt) &&
    time(r.lastAttemptAt) &&
    time(r.solvedAt) &&
    time(r.startedAt) &&
    (r.answer === undefined || typeof r.answer === "string")
  );
}

export type ImportResult = { ok: true; progress: Progress; added: number; updated: number } | { ok: false; message: string };

/** Merges a parsed file into the browser's progress of the same student. */
export function importInto(current: Progress, incoming: Progress): ImportResult {
  if (incoming.student !== current.student) {
    const who = (id: string) => (id ? `“${id}”` : "访客");
    return { ok: false, message: `这个文件属于 ${who(incoming.student)}，而当前是 ${who(current.student)}：请先把姓名或学号改成 ${who(incoming.student)} 再导入。没有导入任何内容。` };
  }
  const added = Object.keys(incoming.exercises).filter((id) => !(id in current.exercises)).length;
  const updated = Object.keys(incoming.exercises).length - added;
  return { ok: true, progress: mergeProgress(current, incoming), added, updated };
}
