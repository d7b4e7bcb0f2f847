// Scrollable regions a keyboard can reach (WCAG 2.1.1): a wide formula, code block, table or
// drawing that scrolls gets tabindex=0, so a reader without a mouse can focus it and scroll
// with the arrow keys; it loses the tab stop again once it fits (after a resize), so the Tab
// order is not cluttered with formulas that do not scroll.
const SELECTOR = ".math-display, pre, [data-output], .observablehq--inspect, .table-scroll";
const MARK = "data-scroll-focus";

/** Whether the element can scroll in a direction its CSS lets it scroll. */
export function scrolls(el: Element, style: Pick<CSSStyleDeclaration, "overflowX" | "overflowY">): boolean {
  const can = (overflow: string) => overflow === "auto" || overflow === "scroll";
  return (can(style.overflowX) && el.scrollWidth > el.clientWidth + 1) || (can(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
}

export function updateScrollFocus(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>(SELECTOR)) {
    const scrollable = scrolls(el, getComputedStyle(el));
    if (scrollable && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0");
      el.setAttribute(MARK, "");
    } else if (!scrollable && el.hasAttribute(MARK)) {
      el.removeAttribute("tabindex");
      el.removeAttribute(MARK);
    }
  }
}

/** Keeps the tab stops right as the page changes (cells drawing, resizing); at most twice a second. */
export function keepScrollablesFocusable(doc: Document = document): void {
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      updateScrollFocus(doc);
    }, 500);
  };
  new MutationObserver(schedule).observe(doc.body, { childList: true, subtree: true });
  doc.defaultView?.addEventListener("resize", schedule);
  schedule();
}
