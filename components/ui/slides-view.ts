// Slides mode in the page (the model is in slides.ts): `?slides` or the header's
// “幻灯片模式” button shows one h2 section at a time, for a teacher presenting a chapter.
// Nothing is moved or rebuilt: the top-level blocks of <main> only gain attributes and CSS
// hides those of the other slides (src/style.css, block “slides”), so cells keep their state,
// training keeps running, and a chart drawn while hidden is drawn again at its width once
// shown (charts/fit-width.ts watches its size). Print is untouched: the hiding is screen-only.
import { createAnnouncer, type Announcer } from "./announcer.js";
import { clampSlide, searchWithSlide, slideAction, slideAtLine, slideCounter, slideFromSearch, slideLabel, splitSlides, stepSlide, type KeyTarget, type Slide } from "./slides.js";

const MODE = "book-slides"; // class on <html> while slides mode is on
const CURRENT = "data-slide-current"; // on the top-level blocks of the slide showing
const ADDED_TABINDEX = "data-slide-tabindex"; // headings given tabindex=-1 to take focus

export interface SlideShow {
  readonly active: boolean;
  readonly current: number;
  readonly total: number;
  enter(index?: number): void;
  exit(): void;
  go(index: number): void;
}

export function mountSlides(doc: Document = document): SlideShow | null {
  const main = doc.getElementById("observablehq-main");
  const win = doc.defaultView;
  if (!main || !win) return null;

  let active = false;
  let current = 0;
  let slides: Slide[] = [];
  let slideOf: number[] = [];
  let announcer: Announcer | null = null;

  const toggle = doc.createElement("button");
  toggle.type = "button";
  toggle.className = "slides-toggle";
  toggle.dataset.slides = "toggle";
  toggle.setAttribute("aria-pressed", "false");
  toggle.textContent = "幻灯片模式";
  toggle.title = "把本页按二级标题分成幻灯片放映（← → 翻页，Esc 退出）";
  toggle.addEventListener("click", () => (active ? exit() : enter()));
  const header = doc.querySelector(".book-header");
  if (header) header.insertBefore(toggle, header.querySelector("[data-backend-badge]"));

  const bar = doc.createElement("nav");
  bar.className = "slides-bar";
  bar.setAttribute("aria-label", "幻灯片翻页");
  bar.hidden = true;
  const prev = barButton("‹ 上一张", "上一张幻灯片", "prev");
  const counter = doc.createElement("span");
  counter.className = "slides-counter";
  counter.dataset.slides = "counter";
  const next = barButton("下一张 ›", "下一张幻灯片", "next");
  bar.append(prev, counter, next);
  prev.addEventListener("click", () => go(stepSlide(current, slides.length, "prev")));
  next.addEventListener("click", () => go(stepSlide(current, slides.length, "next")));

  function barButton(text: string, label: string, name: string): HTMLButtonElement {
    const button = doc.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.dataset.slides = name;
    return button;
  }

  /** Splits the page's current top-level blocks (cells may add some later). */
  function split(): void {
    const blocks = [...main!.children].map((el) => ({ tag: el.tagName.toLowerCase(), text: el.tagName === "H1" || el.tagName === "H2" ? el.textContent ?? "" : "" }));
    ({ slides, slideOf } = splitSlides(blocks, doc.title));
  }

  function firstBlock(index: number): HTMLElement | undefined {
    return main!.children[slides[index]?.first ?? 0] as HTMLElement | undefined;
  }

  /** Marks the blocks of slide `index` as showing; the rest are hidden by CSS. */
  function mark(index: number): void {
    current = clampSlide(index, slides.length);
    [...main!.children].forEach((el, i) => el.toggleAttribute(CURRENT, slideOf[i] === current));
    const label = slideLabel(slides, current);
    main!.setAttribute("aria-label", label);
    main!.setAttribute("aria-roledescription", "幻灯片");
    counter.textContent = slideCounter(current, slides.length);
    prev.setAttribute("aria-disabled", String(current === 0));
    next.setAttribute("aria-disabled", String(current === slides.length - 1));
    win!.history.replaceState(win!.history.state, "", doc.location.pathname + searchWithSlide(doc.location.search, current) + doc.location.hash);
  }

  function go(index: number, { announce = true } = {}): void {
    const focusWasOnPage = !doc.activeElement || doc.activeElement === doc.body || main!.contains(doc.activeElement);
    mark(index);
    win!.scrollTo(0, 0);
    if (announce) announcer?.final(slideLabel(slides, current));
    // Focus follows the slide unless it is on a control that stays (the bar's buttons).
    if (focusWasOnPage) focusHeading();
  }

  function focusHeading(): void {
    const heading = firstBlock(current);
    if (!heading || !/^H[12]$/.test(heading.tagName)) return;
    if (!heading.hasAttribute("tabindex")) {
      heading.setAttribute("tabindex", "-1");
      heading.setAttribute(ADDED_TABINDEX, "");
    }
    heading.focus({ preventScroll: true });
  }

  function enter(index?: number): void {
    split();
    // From the book: the section whose heading is in the top third of the window, or above it.
    const line = headerBottom() + (win!.innerHeight - headerBottom()) / 3;
    const start = index ?? slideAtLine(slides.map((s) => main!.children[s.first].getBoundingClientRect().top), line);
    if (!announcer) {
      announcer = createAnnouncer(doc);
      doc.body.append(announcer.element);
    }
    if (!bar.isConnected) doc.body.append(bar);
    active = true;
    doc.documentElement.classList.add(MODE);
    bar.hidden = false;
    toggle.textContent = "退出幻灯片";
    toggle.setAttribute("aria-pressed", "true");
    observer.observe(main!, { childList: true });
    go(start);
  }

  function exit(): void {
    if (!active) return;
    const showing = firstBlock(current);
    if (bar.contains(doc.activeElement)) toggle.focus(); // the bar goes away: focus to the way back in
    active = false;
    observer.disconnect();
    doc.documentElement.classList.remove(MODE);
    bar.hidden = true;
    toggle.textContent = "幻灯片模式";
    toggle.setAttribute("aria-pressed", "false");
    for (const el of main!.querySelectorAll(`:scope > [${CURRENT}]`)) el.removeAttribute(CURRENT);
    for (const el of main!.querySelectorAll(`[${ADDED_TABINDEX}]`)) {
      el.removeAttribute("tabindex");
      el.removeAttribute(ADDED_TABINDEX);
    }
    main!.removeAttribute("aria-label");
    main!.removeAttribute("aria-roledescription");
    win!.history.replaceState(win!.history.state, "", doc.location.pathname + searchWithSlide(doc.location.search, null) + doc.location.hash);
    // Back in the book at the section that was showing.
    if (current === 0 || !showing) win!.scrollTo(0, 0);
    else showing.scrollIntoView({ block: "start" });
    announcer?.final("已退出幻灯片模式");
  }

  function headerBottom(): number {
    return doc.getElementById("observablehq-header")?.getBoundingClientRect().bottom ?? 0;
  }

  // A cell or a late script adding top-level blocks: split again, stay on the same slide.
  const observer = new MutationObserver(() => {
    if (!active) return;
    const showing = firstBlock(current);
    split();
    const same = slides.findIndex((s) => main!.children[s.first] === showing);
    mark(same >= 0 ? same : current);
  });

  doc.addEventListener("keydown", (event) => {
    if (!active || event.defaultPrevented) return;
    const action = slideAction(event, keyTarget(event.target));
    if (!action) return;
    event.preventDefault();
    if (action === "exit") exit();
    else go(stepSlide(current, slides.length, action));
  });

  // A link to a heading of the page (“见 3.1.3”) opens the slide that holds it.
  win.addEventListener("hashchange", () => {
    if (!active) return;
    const target = doc.getElementById(decodeURIComponent(doc.location.hash.slice(1)));
    if (!target || !main.contains(target)) return;
    const block = [...main.children].findIndex((el) => el === target || el.contains(target));
    if (block < 0) return;
    go(slideOf[block]);
    target.scrollIntoView({ block: "start" });
  });

  const asked = slideFromSearch(doc.location.search);
  if (asked !== null) {
    split();
    enter(clampSlide(asked, slides.length));
  }

  return {
    get active() {
      return active;
    },
    get current() {
      return current;
    },
    get total() {
      return slides.length;
    },
    enter,
    exit,
    go
  };
}

function keyTarget(target: EventTarget | null): KeyTarget {
  if (!(target instanceof Element)) return "page";
  if (target.closest('.cm-editor, input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return "text";
  if (target.closest('button, a[href], summary, [role="button"], [role="link"], [role="tab"]')) return "control";
  if (target.hasAttribute("data-scroll-focus")) return "scroller";
  return "page";
}
