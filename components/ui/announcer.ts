// What a screen reader hears of a long-running job (training, a sweep): a visually hidden
// polite live region that speaks at most once per interval, so a reader is not interrupted
// by every batch, and always speaks the final result. The visible status line beside it can
// change as often as it likes: it is not a live region.
export interface Announcer {
  element: HTMLElement;
  /** Progress: spoken only if the last announcement is older than the interval. */
  progress(text: string): void;
  /** The outcome: always spoken. */
  final(text: string): void;
}

export function createAnnouncer(doc: Document = document, { intervalMs = 20_000, now = () => Date.now() } = {}): Announcer {
  const element = doc.createElement("div");
  element.className = "visually-hidden";
  element.setAttribute("aria-live", "polite");
  element.setAttribute("aria-atomic", "true");
  let last = -Infinity;
  return {
    element,
    progress(text) {
      if (now() - last < intervalMs) return;
      last = now();
      element.textContent = text;
    },
    final(text) {
      last = now();
      element.textContent = text;
    }
  };
}
