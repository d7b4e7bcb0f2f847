// The sliding window, one step at a time: the kernel's window on the input, the products
// it sums, and the output filled in up to that position. Play, pause, step or drag.
// Output values come from conv2dLoop (components/nn/conv.ts), the book's own convolution.
import * as d3 from "../charts/d3.js";
import { heatmap } from "../charts/heatmap.js";
import { channel, conv2dLoop, toImage, toKernel } from "../nn/conv.js";

export function windowStepper(input: number[][], kernel: number[][], doc: Document = document): HTMLElement & { dispose(): void } {
  const k = kernel.length;
  const pad = Math.floor(k / 2); // "same": the output is as large as the input
  const output = channel(conv2dLoop(toImage(input), toKernel(kernel), { padding: "same" }));
  const [rows, cols] = [output.length, output[0].length];
  const steps = rows * cols;
  const root = doc.createElement("div") as unknown as HTMLElement & { dispose(): void };
  root.className = "window-stepper";
  root.dataset.output = "window-stepper";
  const controls = root.appendChild(doc.createElement("div"));
  controls.className = "window-stepper-controls";
  const button = (text: string, action: string) => {
    const b = controls.appendChild(doc.createElement("button"));
    Object.assign(b, { type: "button", textContent: text });
    b.dataset.action = action;
    return b;
  };
  const back = button("◀ 上一步", "step-back");
  const play = button("▶ 播放", "play");
  const forward = button("下一步 ▶", "step");
  const slider = controls.appendChild(doc.createElement("input"));
  Object.assign(slider, { type: "range", min: "0", max: String(steps - 1), value: "0" });
  slider.setAttribute("aria-label", "滑动窗口的位置");
  const figures = root.appendChild(doc.createElement("div"));
  figures.className = "kernel-explorer";
  // heatmap() returns the svg with its data table; the window frame is drawn into the svg.
  const inputView = figures.appendChild(heatmap(input, { title: "输入与窗口" })).querySelector("svg")!;
  const outputView = figures.appendChild(heatmap(output, { title: "输出（逐格填入）", color: "diverging" })).querySelector("svg")!;
  const formula = root.appendChild(doc.createElement("p"));
  formula.className = "window-stepper-formula";
  const cell = 168 / cols;
  const frame = d3
    .select(inputView)
    .append("rect")
    .attr("fill", "none")
    .attr("stroke", "#e4572e")
    .attr("stroke-width", 2)
    .attr("width", k * cell)
    .attr("height", k * cell);
  const outputCells = Array.from(outputView.querySelectorAll<SVGRectElement>("g > g > rect"));
  let step = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const show = (next: number) => {
    step = Math.max(0, Math.min(steps - 1, next));
    const [r, c] = [Math.floor(step / cols), step % cols];
    root.dataset.step = String(step);
    slider.value = String(step);
    frame.attr("x", (c - pad) * cell).attr("y", (r - pad) * cell + 18);
    outputCells.forEach((rect, i) => rect.setAttribute("opacity", i <= step ? "1" : "0.08"));
    const terms: string[] = [];
    for (let m = 0; m < k; m++)
      for (let n = 0; n < k; n++) {
        const [y, x] = [r - pad + m, c - pad + n];
        const v = y >= 0 && y < rows && x >= 0 && x < cols ? input[y][x] : 0;
        if (kernel[m][n] !== 0 && v !== 0) terms.push(`${kernel[m][n]}×${v.toFixed(2)}`);
      }
    formula.textContent = `输出[${r + 1}, ${c + 1}] = ${terms.length ? terms.join(" + ") : "0（窗口里没有笔画，或卷积核为 0）"} = ${output[r][c].toFixed(3)}`;
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    play.textContent = "▶ 播放";
  };
  play.addEventListener("click", () => {
    if (timer) return stop();
    play.textContent = "❚❚ 暂停";
    timer = setInterval(() => (step >= steps - 1 ? stop() : show(step + 1)), 40);
  });
  back.addEventListener("click", () => (stop(), show(step - 1)));
  forward.addEventListener("click", () => (stop(), show(step + 1)));
  slider.addEventListener("input", () => (stop(), show(Number(slider.value))));
  // Start where the digit's ink begins, not on an empty corner.
  const firstInk = output.flat().findIndex((v) => Math.abs(v) > 1e-6);
  show(firstInk > 0 ? firstInk : 0);
  root.dispose = stop;
  return root;
}
