// The frame of a panel that shows long work (training in train/panel.ts, a search in
// nas/search-progress.ts): a title, 停止, a progress bar and a status line, with the hooks
// the tests read (data-action="stop"/"train", data-progress). 停止 aborts `controller`;
// the work itself only ever sees its signal.

export interface PanelFrame {
  element: HTMLElement;
  head: HTMLElement;
  stop: HTMLButtonElement;
  bar: HTMLProgressElement;
  status: HTMLElement;
  controller: AbortController;
  /** A start button before 停止, which stays hidden until it is pressed: `pressed` resolves
   * then, after `onStart`. A keyboard reader keeps their place: focus moves to 停止. */
  startButton(label: string, onStart: () => void): { button: HTMLButtonElement; pressed: Promise<void> };
}

export function panelFrame({ title, stopLabel }: { title: string; stopLabel: string }, doc: Document): PanelFrame {
  const controller = new AbortController();
  const element = doc.createElement("div");
  element.className = "training-panel";
  const head = element.appendChild(doc.createElement("div"));
  head.className = "training-head";
  head.append(Object.assign(doc.createElement("strong"), { textContent: title }));
  const stop = head.appendChild(doc.createElement("button"));
  Object.assign(stop, { type: "button", textContent: "停止" });
  stop.dataset.action = "stop";
  stop.setAttribute("aria-label", stopLabel);
  stop.addEventListener("click", () => controller.abort());
  const bar = element.appendChild(doc.createElement("progress"));
  bar.dataset.progress = "";
  bar.max = 1;
  bar.value = 0;
  const status = element.appendChild(doc.createElement("div"));
  status.className = "training-status";
  return {
    element,
    head,
    stop,
    bar,
    status,
    controller,
    startButton(label, onStart) {
      const button = doc.createElement("button");
      Object.assign(button, { type: "button", textContent: label });
      button.dataset.action = "train";
      stop.hidden = true;
      head.insertBefore(button, stop);
      const pressed = new Promise<void>((resolve) =>
        button.addEventListener("click", () => {
          const hadFocus = doc.activeElement === button;
          button.remove();
          stop.hidden = false;
          if (hadFocus) stop.focus();
          onStart();
          resolve();
        })
      );
      return { button, pressed };
    }
  };
}
