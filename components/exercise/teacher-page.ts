// The teacher's page: drop (or pick) many students' progress files at once → a table of
// students × exercises with each answer rechecked against the student's own variant,
// totals per chapter, and a CSV download. Everything happens in this browser: no file
// leaves it. A damaged or foreign file is named with its reason; the others still count.
import { parseProgressFile } from "./export.js";
import type { CatalogEntry, Progress } from "./progress.js";
import { cellText, classCsv, gradeStudent, groupByStudent, type StudentRow } from "./teacher.js";
import type { Exercise } from "./types.js";

export function mountTeacherPage(doc: Document, banks: Record<string, Exercise>): void {
  const root = doc.querySelector<HTMLElement>("[data-teacher-page]");
  const script = doc.querySelector("script[data-exercise-catalog]");
  if (!root || !script) return;
  const catalog = JSON.parse(script.textContent!) as CatalogEntry[];

  const drop = doc.createElement("label");
  drop.className = "teacher-drop";
  drop.append("把学生交来的进度文件（可一次选多个）拖到这里，或点击选择：");
  const input = drop.appendChild(doc.createElement("input"));
  Object.assign(input, { type: "file", multiple: true, accept: ".json,application/json" });
  input.dataset.action = "teacher-files";
  const message = doc.createElement("div");
  message.dataset.teacherMessage = "";
  message.setAttribute("role", "status");
  const csvButton = doc.createElement("button");
  Object.assign(csvButton, { type: "button", textContent: "下载 CSV（可用表格软件打开）", disabled: true });
  csvButton.dataset.action = "download-csv";
  const table = doc.createElement("div");
  table.dataset.output = "teacher-table";
  table.className = "teacher-table";
  root.replaceChildren(drop, message, csvButton, table);

  const progresses: Progress[] = [];
  let rows: StudentRow[] = [];
  const add = async (files: File[]) => {
    if (!files.length) return;
    message.textContent = `正在读取并复核 ${files.length} 个文件……`;
    const problems: string[] = [];
    for (const file of files) {
      const parsed = await parseProgressFile(await file.text()).catch(() => ({ ok: false as const, message: "无法读取这个文件。" }));
      if (parsed.ok) progresses.push(parsed.progress);
      else problems.push(`“${file.name}”：${parsed.message}`);
    }
    const grouped = groupByStudent(progresses);
    rows = [];
    for (const { progress, files: count } of grouped) rows.push(await gradeStudent(progress, count, catalog, banks));
    renderTable(doc, table, rows, catalog);
    csvButton.disabled = !rows.length;
    message.replaceChildren(`已汇总 ${rows.length} 名学生（共 ${progresses.length} 个有效文件）。`);
    if (problems.length) {
      message.dataset.error = "";
      const list = message.appendChild(doc.createElement("ul"));
      for (const p of problems) list.appendChild(doc.createElement("li")).textContent = `${p}（这个文件没有计入）`;
    } else delete message.dataset.error;
  };
  input.addEventListener("change", () => {
    const files = [...(input.files ?? [])];
    input.value = "";
    void add(files);
  });
  drop.addEventListener("dragover", (event) => event.preventDefault());
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    void add([...(event.dataTransfer?.files ?? [])]);
  });
  csvButton.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([classCsv(rows, catalog)], { type: "text/csv;charset=utf-8" }));
    const link = doc.createElement("a");
    Object.assign(link, { href: url, download: `全班练习汇总-${new Date().toISOString().slice(0, 10)}.csv` });
    doc.body.appendChild(link).click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
}

function renderTable(doc: Document, root: HTMLElement, rows: StudentRow[], catalog: CatalogEntry[]): void {
  const pages = [...new Map(catalog.map((e) => [e.page, e.chapter])).entries()];
  const el = <K extends keyof HTMLElementTagNameMap>(parent: HTMLElement, tag: K, text = "") => Object.assign(parent.appendChild(doc.createElement(tag)), { textContent: text });
  const table = doc.createElement("table");
  const caption = el(table, "caption", "每行一名学生：各章完成的题数，以及每道题的状态、检查次数和复核结果（用学生自己的题目重新批改最后一次答案）。");
  caption.className = "teacher-caption";
  const head = el(el(table, "thead"), "tr");
  for (const text of ["学生", "完成", ...pages.map(([, chapter]) => chapter), ...catalog.map((e) => e.title || e.id)]) el(head, "th", text).setAttribute("scope", "col");
  const body = el(table, "tbody");
  for (const row of rows) {
    const tr = el(body, "tr");
    tr.dataset.student = row.student;
    el(tr, "th", row.student || "（访客）").setAttribute("scope", "row");
    el(tr, "td", `${row.solved}/${catalog.length}`);
    for (const [page] of pages) el(tr, "td", `${row.solvedByPage[page] ?? 0}/${catalog.filter((e) => e.page === page).length}`);
    for (const entry of catalog) {
      const cell = row.cells[entry.id];
      const td = el(tr, "td", cellText(cell));
      td.dataset.teacherExercise = entry.id;
      td.dataset.recheck = cell.recheck;
      if (cell.detail) td.title = cell.detail;
    }
  }
  const scroll = doc.createElement("div");
  scroll.className = "table-scroll";
  scroll.append(table);
  root.replaceChildren(scroll);
}
