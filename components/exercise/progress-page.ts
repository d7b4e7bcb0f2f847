// The "学习进度" page: per-chapter bars and the exercises still left, export of the
// progress as a JSON file with a checksum, and import that merges (a damaged or foreign
// file gets a message and changes nothing).
import { exportProgress, importInto, parseProgressFile, progressFileName } from "./export.js";
import { summarize, type CatalogEntry } from "./progress.js";
import { ProgressStore } from "./store.js";
import { studentBar } from "./student-bar.js";

export function mountProgressPage(doc: Document, store = new ProgressStore()): void {
  const root = doc.querySelector<HTMLElement>("[data-progress-page]");
  const script = doc.querySelector("script[data-exercise-catalog]");
  if (!root || !script) return;
  const catalog = JSON.parse(script.textContent!) as CatalogEntry[];
  const summary = doc.createElement("div");
  summary.dataset.progressSummary = "";
  const tools = doc.createElement("div");
  tools.className = "progress-tools";
  const message = doc.createElement("p");
  message.className = "progress-message";
  message.dataset.progressMessage = "";
  message.setAttribute("role", "status");
  root.replaceChildren(studentBar(doc, store), summary, tools, message);
  if (store.warning) say(message, store.warning, true);

  const exportButton = button(doc, tools, "export", "导出进度文件");
  const importLabel = tools.appendChild(doc.createElement("label"));
  importLabel.className = "progress-import";
  importLabel.append("导入进度文件（与本机的进度合并）：");
  const fileInput = importLabel.appendChild(doc.createElement("input"));
  Object.assign(fileInput, { type: "file", accept: ".json,application/json" });
  fileInput.dataset.action = "import";

  exportButton.addEventListener("click", async () => {
    const file = await exportProgress(store.progress);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
    const link = doc.createElement("a");
    Object.assign(link, { href: url, download: progressFileName(store.progress.student) });
    doc.body.appendChild(link).click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(message, `已导出 ${Object.keys(file.exercises).length} 道练习的记录（${link.download}）。`);
  });

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    fileInput.value = "";
    if (!file) return;
    const parsed = await parseProgressFile(await file.text());
    if (!parsed.ok) return say(message, `“${file.name}”：${parsed.message}`, true);
    // A guest browser adopts the file's student (their stored progress is merged too).
    if (!store.student && parsed.progress.student) {
      const switched = store.switchStudent(parsed.progress.student);
      if (switched) say(message, switched, true);
    }
    const result = importInto(store.progress, parsed.progress);
    if (!result.ok) return say(message, `“${file.name}”：${result.message}`, true);
    const error = store.update(() => result.progress);
    say(message, error ?? `已导入“${file.name}”：新增 ${result.added} 道、合并 ${result.updated} 道练习的记录。`, Boolean(error));
  });

  const render = () => renderSummary(doc, summary, store, catalog);
  store.subscribe(render);
  render();
}

function renderSummary(doc: Document, root: HTMLElement, store: ProgressStore, catalog: CatalogEntry[]): void {
  const chapters = summarize(store.progress, catalog);
  const solved = chapters.reduce((n, c) => n + c.solved, 0);
  const head = doc.createElement("p");
  head.dataset.progressTotal = `${solved}/${catalog.length}`;
  head.textContent = `全书共 ${catalog.length} 道自动批改的练习，已完成 ${solved} 道。`;
  const list = doc.createElement("div");
  list.className = "progress-chapters";
  for (const chapter of chapters) {
    const row = list.appendChild(doc.createElement("div"));
    row.className = "progress-chapter";
    row.dataset.progressChapter = chapter.page;
    const title = row.appendChild(doc.createElement("a"));
    Object.assign(title, { href: `./${chapter.page}.html#exercises`, textContent: chapter.chapter });
    const bar = row.appendChild(doc.createElement("progress"));
    Object.assign(bar, { max: chapter.total, value: chapter.solved });
    const count = row.appendChild(doc.createElement("span"));
    count.dataset.progressCount = `${chapter.solved}/${chapter.total}`;
    count.textContent = `${chapter.solved}/${chapter.total}${chapter.attempted ? `（另有 ${chapter.attempted} 道尝试过）` : ""}`;
    if (chapter.left.length) {
      const left = row.appendChild(doc.createElement("details"));
      left.appendChild(doc.createElement("summary")).textContent = `还剩 ${chapter.left.length} 道`;
      const ul = left.appendChild(doc.createElement("ul"));
      for (const entry of chapter.left) {
        const li = ul.appendChild(doc.createElement("li"));
        const a = li.appendChild(doc.createElement("a"));
        Object.assign(a, { href: `./${entry.page}.html#exercise-${entry.id}`, textContent: entry.title || entry.id });
        a.dataset.leftExercise = entry.id;
      }
    }
  }
  root.replaceChildren(head, list);
}

function button(doc: Document, parent: HTMLElement, action: string, text: string): HTMLButtonElement {
  const b = parent.appendChild(doc.createElement("button"));
  Object.assign(b, { type: "button", textContent: text });
  b.dataset.action = action;
  return b;
}

function say(element: HTMLElement, text: string, error = false): void {
  element.textContent = text;
  if (error) element.dataset.error = "";
  else delete element.dataset.error;
}

