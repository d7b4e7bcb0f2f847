// The DOM of one book cell (<figure data-cell>, rendered by site/markdown/cells.ts): its
// buttons, its code view, its notice line, and the hooks tests and styles read.

export class CellView {
  constructor(readonly figure: HTMLElement) {}

  get doc(): Document {
    return this.figure.ownerDocument;
  }

  button(action: string): HTMLButtonElement {
    return this.figure.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  }

  codeView(): HTMLElement {
    return this.figure.querySelector<HTMLElement>("[data-cell-code]")!;
  }

  /** Shows (or with null hides) a message above the output; returns its element. */
  notify(message: string | null): HTMLElement | null {
    const notice = this.figure.querySelector<HTMLElement>("[data-notice]")!;
    notice.hidden = message === null;
    notice.replaceChildren(message ?? "");
    return message === null ? null : notice;
  }

  /** A button in a notice that offers the reader one choice. */
  choice(notice: HTMLElement, label: string, choice: string, onClick: () => void): HTMLButtonElement {
    const button = notice.appendChild(this.doc.createElement("button"));
    button.textContent = label;
    button.dataset.choice = choice;
    button.addEventListener("click", onClick);
    return button;
  }

  /** The code as plain text (until the reader opens the editor). */
  showPlain(code: string): void {
    const pre = this.doc.createElement("pre");
    pre.className = "book-cell-plain";
    pre.textContent = code;
    this.codeView().replaceChildren(pre);
  }

  markModified(modified: boolean): void {
    this.figure.querySelector<HTMLElement>("[data-modified]")!.hidden = !modified;
    this.button("reset").hidden = !modified;
    this.figure.classList.toggle("modified", modified);
  }

  /** data-runs counts the cell's definitions (a test hook for "it reran"). */
  countDefinition(): void {
    this.figure.dataset.runs = String(Number(this.figure.dataset.runs ?? 0) + 1);
  }

  get waitingFor(): string | undefined {
    return this.figure.dataset.waitingFor;
  }

  set waitingFor(id: string | undefined) {
    if (id === undefined) delete this.figure.dataset.waitingFor;
    else this.figure.dataset.waitingFor = id;
  }

  scrollIntoView(): void {
    this.figure.scrollIntoView({ block: "center" });
  }
}
