// Starts the checked exercises of a page (called by the hidden block that
// site/markdown/exercises.ts appends): one progress store, the student line before the
// first exercise, and a widget per <section data-exercise>.
import { resolveImport } from "../notebook/cell-imports.js";
import { ProgressStore } from "./store.js";
import { studentBar } from "./student-bar.js";
import type { ExerciseBank } from "./types.js";
import { ExerciseWidget } from "./widget.js";

export function mountExercises(doc: Document, bank: ExerciseBank, page: string, store = new ProgressStore()): ExerciseWidget[] {
  const sections = [...doc.querySelectorAll<HTMLElement>("section[data-exercise]")];
  if (!sections.length) return [];
  const bar = studentBar(doc, store);
  sections[0].before(bar);
  if (store.warning) bar.querySelector("[data-student-message]")!.textContent = store.warning;
  const importModule = (specifier: string) => {
    const url = resolveImport(doc, specifier);
    return url ? import(/* @vite-ignore */ url) : Promise.reject(new Error(`无法导入 "${specifier}"：练习只能导入本页已经加载的模块`));
  };
  const widgets: ExerciseWidget[] = [];
  for (const section of sections) {
    const exercise = bank[section.dataset.exercise!];
    if (!exercise) {
      section.querySelector("[data-exercise-answer]")!.textContent = `（题库里没有这道题：${section.dataset.exercise}）`;
      continue;
    }
    const widget = new ExerciseWidget(section, exercise, { page, store, importModule });
    widget.render();
    widgets.push(widget);
  }
  let seed = store.seed;
  store.subscribe(() => {
    if (store.seed === seed) return;
    seed = store.seed;
    widgets.forEach((widget) => widget.render()); // a new student: new numbers everywhere
  });
  return widgets;
}
