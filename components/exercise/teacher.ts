// The teacher's view of a class: many students' progress files → one row per student, one
// column per exercise. Each recorded answer is checked again against that student's own
// variant (recomputed from the seed in the file), so the table does not rely on what the
// student's browser said. Pure logic; the page is teacher-page.ts.
import { checkAnswer } from "./check-answer.js";
import { mergeProgress, type CatalogEntry, type ExerciseRecord, type Progress } from "./progress.js";
import { studentSeed } from "./student.js";
import type { Exercise } from "./types.js";

/** What the recheck of a student's last answer found. */
export type Recheck = "match" | "mismatch" | "no-answer" | "unknown";

export interface StudentCell {
  status: ExerciseRecord["status"] | "none";
  attempts: number;
  recheck: Recheck;
  /** Why a recheck failed (the checker's message), for the cell's tooltip. */
  detail?: string;
}

export interface StudentRow {
  student: string;
  files: number;
  cells: Record<string, StudentCell>;
  /** Solved exercises per page, and in total. */
  solvedByPage: Record<string, number>;
  solved: number;
}

/** Files of the same student (handed in twice, or from two computers) are merged first. */
export function groupByStudent(progresses: Progress[]): { progress: Progress; files: number }[] {
  const byId = new Map<string, { progress: Progress; files: number }>();
  for (const p of progresses) {
    const seen = byId.get(p.student);
    byId.set(p.student, seen ? { progress: mergeProgress(seen.progress, p), files: seen.files + 1 } : { progress: p, files: 1 });
  }
  return [...byId.values()].sort((a, b) => a.progress.student.localeCompare(b.progress.student, "zh-CN"));
}

export async function gradeStudent(progress: Progress, files: number, catalog: CatalogEntry[], banks: Record<string, Exercise>): Promise<StudentRow> {
  const seed = studentSeed(progress.student);
  const cells: Record<string, StudentCell> = {};
  const solvedByPage: Record<string, number> = {};
  let solved = 0;
  for (const entry of catalog) {
    const record = progress.exercises[entry.id];
    if (!record) {
      cells[entry.id] = { status: "none", attempts: 0, recheck: "no-answer" };
      continue;
    }
    let recheck: Recheck = "no-answer";
    let detail: string | undefined;
    const exercise = banks[entry.id];
    if (!exercise) recheck = "unknown";
    else if (record.answer !== undefined && record.answer !== "") {
      const verdict = await checkAnswer(exercise, entry.id, seed, record.answer).catch((error: unknown) => ({ ok: false, message: String(error) }));
      recheck = verdict.ok ? "match" : "mismatch";
      if (!verdict.ok) detail = verdict.message;
    }
    cells[entry.id] = { status: record.status, attempts: record.attempts, recheck, ...(detail ? { detail } : {}) };
    if (record.status === "solved") {
      solved++;
      solvedByPage[entry.page] = (solvedByPage[entry.page] ?? 0) + 1;
    }
  }
  return { student: progress.student, files, cells, solvedByPage, solved };
}

const STATUS_TEXT: Record<StudentCell["status"], string> = { solved: "完成", attempted: "尝试中", none: "未做" };
const RECHECK_TEXT: Record<Recheck, string> = { match: "复核正确", mismatch: "复核不符", "no-answer": "", unknown: "本书无此题" };

export function cellText(cell: StudentCell): string {
  const parts = [STATUS_TEXT[cell.status]];
  if (cell.attempts) parts.push(`${cell.attempts} 次`);
  if (RECHECK_TEXT[cell.recheck]) parts.push(RECHECK_TEXT[cell.recheck]);
  return parts.join(" · ");
}

/** RFC 4180 CSV with a BOM, so that spreadsheet programs read the Chinese correctly. */
export function classCsv(rows: StudentRow[], catalog: CatalogEntry[]): string {
  const pages = [...new Map(catalog.map((e) => [e.page, e.chapter])).entries()];
  const header = ["学生", "文件数", "完成总数", ...pages.map(([, chapter]) => `${chapter}（完成）`), ...catalog.map((e) => e.id)];
  const lines = rows.map((r) => [r.student || "（访客）", String(r.files), String(r.solved), ...pages.map(([page]) => String(r.solvedByPage[page] ?? 0)), ...catalog.map((e) => cellText(r.cells[e.id]))]);
  // A field a spreadsheet would run as a formula (a student ID "=…") is defused with a quote mark.
  const quote = (raw: string) => {
    const field = /^[=+\-@]/.test(raw) ? `'${raw}` : raw;
    return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
  };
  return "\ufeff" + [header, ...lines].map((line) => line.map(quote).join(",")).join("\r\n") + "\r\n";
}
