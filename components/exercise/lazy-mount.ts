// Starts a page's checked exercises without putting their code (the bank, the widgets, the
// answer checkers: about 18 KB gzipped) in front of the page's first cell (issue 24). The
// hidden block that site/markdown/exercises.ts appends passes `load`, which imports the bank
// and mount.ts; it runs once, at the first of:
//   - an exercise comes within MARGIN of the window (scrolling, a link or #hash to it, the
//     slide that holds it being shown: hidden slides are display:none and do not intersect);
//   - the reader focuses or presses inside an exercise;
//   - the page's first cell has finished (any final state) or the page has no cells, so
//     that every exercise is ready soon after the page is, wherever the reader is;
//   - the page is about to be printed (beforeprint), so printouts show the questions' numbers.
const MARGIN = "1500px 0px";
const FINAL_CELL = '[data-cell][data-state="done"], [data-cell][data-state="error"], [data-cell][data-state="waiting"], [data-cell][data-state="stopped"]';

export function mountExercisesWhenNeeded(doc: Document, load: () => Promise<unknown>): void {
  const sections = [...doc.querySelectorAll<HTMLElement>("section[data-exercise]")];
  if (!sections.length) return;
  const view = doc.defaultView!;
  const cleanups: (() => void)[] = [];
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    cleanups.forEach((cleanup) => cleanup());
    load().catch((error: unknown) => {
      for (const section of sections) {
        const answer = section.querySelector("[data-exercise-answer]");
        if (answer) answer.textContent = `（练习加载失败：${error instanceof Error ? error.message : String(error)}，请刷新页面）`;
      }
    });
  };

  const near = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && start(), { rootMargin: MARGIN });
  sections.forEach((section) => near.observe(section));
  cleanups.push(() => near.disconnect());

  for (const type of ["focusin", "pointerdown"] as const) {
    const onEvent = (event: Event) => (event.target as Element | null)?.closest?.("section[data-exercise]") && start();
    doc.addEventListener(type, onEvent, true);
    cleanups.push(() => doc.removeEventListener(type, onEvent, true));
  }

  view.addEventListener("beforeprint", start);
  cleanups.push(() => view.removeEventListener("beforeprint", start));

  if (!doc.querySelector("[data-cell]") || doc.querySelector(FINAL_CELL)) {
    queueMicrotask(start);
    return;
  }
  const cells = new MutationObserver(() => doc.querySelector(FINAL_CELL) && start());
  cells.observe(doc.body, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  cleanups.push(() => cells.disconnect());
}
