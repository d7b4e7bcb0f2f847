// Slides mode, the model (no DOM): how a chapter splits into slides, which key does what, and
// how the slide number lives in the URL. The page side (components/ui/slides-view.ts) hides
// every top-level block of the page but those of the current slide, so cells, training runs
// and charts stay where the notebook engine put them.

/** A top-level block of the page, as far as splitting is concerned. */
export interface Block {
  /** Lower-case tag name: "h1", "h2", "p", "figure", … */
  tag: string;
  /** Its text (used for headings only). */
  text: string;
}

export interface Slide {
  /** The slide's heading: the h2's text, or the page's h1 for the title slide. */
  title: string;
  /** Index of the slide's first block. */
  first: number;
}

export interface SlideSplit {
  slides: Slide[];
  /** For each block, the index of the slide it belongs to. */
  slideOf: number[];
}

/** The title slide (the h1 and everything before the first h2), then one slide per h2 with
 * everything up to the next h2. A page without h2 is one slide; a page that opens with an h2
 * has no empty title slide. */
export function splitSlides(blocks: Block[], fallbackTitle = ""): SlideSplit {
  const firstH2 = blocks.findIndex((block) => block.tag === "h2");
  const intro = firstH2 === -1 ? blocks : blocks.slice(0, firstH2);
  const slides: Slide[] = [];
  if (intro.length > 0 || blocks.length === 0) slides.push({ title: clean(intro.find((block) => block.tag === "h1")?.text ?? fallbackTitle), first: 0 });
  const slideOf = blocks.map((block, i) => {
    if (block.tag === "h2") slides.push({ title: clean(block.text), first: i });
    return slides.length - 1;
  });
  return { slides, slideOf };
}

function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export type SlideAction = "next" | "prev" | "first" | "last" | "exit";

/** Where a key was typed: in a text control or code editor (every key is its own), on a
 * button or link (Space and Enter press it), on a region that scrolls sideways (← and →
 * scroll it, see scroll-focus.ts), or on the page itself. */
export type KeyTarget = "text" | "control" | "scroller" | "page";

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** What a key press does in slides mode, or null to leave it to the page. */
export function slideAction(event: KeyLike, target: KeyTarget): SlideAction | null {
  if (target === "text" || event.ctrlKey || event.altKey || event.metaKey) return null;
  const { key } = event;
  if (event.shiftKey) return key === " " && target === "page" ? "prev" : null;
  if (key === " ") return target === "page" ? "next" : null;
  if ((key === "ArrowRight" || key === "ArrowLeft") && target === "scroller") return null;
  switch (key) {
    case "ArrowRight":
    case "PageDown":
      return "next";
    case "ArrowLeft":
    case "PageUp":
      return "prev";
    case "Home":
      return "first";
    case "End":
      return "last";
    case "Escape":
      return "exit";
    default:
      return null;
  }
}

/** The slide an action leads to, staying within [0, total). */
export function stepSlide(current: number, total: number, action: Exclude<SlideAction, "exit">): number {
  const target = action === "next" ? current + 1 : action === "prev" ? current - 1 : action === "first" ? 0 : total - 1;
  return clampSlide(target, total);
}

export function clampSlide(index: number, total: number): number {
  return Math.max(0, Math.min(total - 1, Number.isFinite(index) ? Math.trunc(index) : 0));
}

const PARAM = "slides";

/** The slide a URL asks for (0-based), or null when it does not ask for slides mode.
 * `?slides` and `?slides=1` open the first slide; `?slides=3` the third; a number that
 * makes no sense opens the first. */
export function slideFromSearch(search: string): number | null {
  const params = new URLSearchParams(search);
  if (!params.has(PARAM)) return null;
  const n = Number(params.get(PARAM));
  return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
}

/** The query string with the slide (0-based; shown 1-based) set, or removed for null;
 * every other parameter is kept. */
export function searchWithSlide(search: string, index: number | null): string {
  const params = new URLSearchParams(search);
  if (index === null) params.delete(PARAM);
  else params.set(PARAM, String(index + 1));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** "3 / 12" (1-based) for the counter. */
export function slideCounter(index: number, total: number): string {
  return `${index + 1} / ${total}`;
}

/** What the slide region is called and what a screen reader hears on a change. */
export function slideLabel(slides: Slide[], index: number): string {
  const title = slides[index]?.title;
  return `幻灯片 ${slideCounter(index, slides.length)}${title ? `：${title}` : ""}`;
}

/** The slide showing at a scroll position: the last one whose first block starts at or
 * above `line` (tops in viewport coordinates, one per slide). */
export function slideAtLine(tops: number[], line: number): number {
  let found = 0;
  tops.forEach((top, i) => {
    if (top <= line) found = i;
  });
  return found;
}
