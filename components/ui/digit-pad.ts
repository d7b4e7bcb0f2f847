// A square the reader draws a digit on (mouse, pen or touch). Its `value` is the drawing as
// a 28×28 grid in MNIST's layout (components/data/digit-image.ts), or null while empty;
// it fires "input" when a stroke ends or the pad is cleared, so pages read it with view().
import { toMnistLayout } from "../data/digit-image.js";

const RESOLUTION = 112; // drawn at 4× MNIST, then reduced

export function digitPad({ size = 168 } = {}, doc: Document = document): HTMLElement & { value: number[][] | null } {
  const root = doc.createElement("div") as unknown as HTMLElement & { value: number[][] | null };
  root.className = "digit-pad";
  root.dataset.digitPad = "";
  root.value = null;
  const canvas = root.appendChild(doc.createElement("canvas"));
  canvas.width = canvas.height = RESOLUTION;
  Object.assign(canvas.style, { width: `${size}px`, height: `${size}px`, touchAction: "none", cursor: "crosshair", border: "1px solid currentColor", borderRadius: "4px", background: "white" });
  canvas.setAttribute("aria-label", "在这里用鼠标或手指写一个数字");
  const clear = root.appendChild(doc.createElement("button"));
  Object.assign(clear, { type: "button", textContent: "清空" });
  clear.dataset.action = "clear";
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return root;
  const reset = () => {
    context.fillStyle = "white";
    context.fillRect(0, 0, RESOLUTION, RESOLUTION);
  };
  reset();
  context.lineCap = context.lineJoin = "round";
  context.lineWidth = RESOLUTION / 11;
  context.strokeStyle = "black";
  let last: [number, number] | null = null;
  const point = (event: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * RESOLUTION, ((event.clientY - box.top) / box.height) * RESOLUTION];
  };
  canvas.addEventListener("pointerdown", (event) => {
    canvas.setPointerCapture(event.pointerId);
    last = point(event);
    context.beginPath();
    context.arc(last[0], last[1], context.lineWidth / 2, 0, 2 * Math.PI);
    context.fillStyle = "black";
    context.fill();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!last) return;
    const next = point(event);
    context.beginPath();
    context.moveTo(...last);
    context.lineTo(...next);
    context.stroke();
    last = next;
  });
  const finish = () => {
    if (!last) return;
    last = null;
    root.value = toMnistLayout(readInk(context));
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  clear.addEventListener("click", () => {
    reset();
    root.value = null;
    root.dispatchEvent(new Event("input", { bubbles: true }));
  });
  return root;
}

function readInk(context: CanvasRenderingContext2D): number[][] {
  const { data } = context.getImageData(0, 0, RESOLUTION, RESOLUTION);
  return Array.from({ length: RESOLUTION }, (_, r) => Array.from({ length: RESOLUTION }, (_, c) => 1 - data[(r * RESOLUTION + c) * 4] / 255));
}
