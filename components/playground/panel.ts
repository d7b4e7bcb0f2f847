// 第2章's playground (after TensorFlow Playground): choose a data set, the depth and width of
// an MLP (depth 0 = a linear model) and its activation; every change trains a new model live,
// redrawing the decision boundary as it learns, then shows what each hidden unit learned.
import * as tf from "@book/tf";
import { DATASETS, make2d, type DatasetName } from "../data/synthetic-2d.js";
import type { PointSet } from "../data/synthetic.js";
import { boundaryCanvas, hiddenUnitGrid } from "./draw.js";
import { boundaryOn, buildMlp, gridAround, hiddenUnitsOn, trainMlp, type Activation, type Grid, type TrainProgress } from "./mlp.js";

export interface PlaygroundSettings {
  dataset: DatasetName;
  depth: number;
  width: number;
  activation: Activation;
}

export interface Playground {
  element: HTMLElement;
  /** Resolves when the training started by the latest change has finished. */
  idle(): Promise<TrainProgress>;
  set(settings: Partial<PlaygroundSettings>): Promise<TrainProgress>;
  dispose(): void;
}

function labelled(doc: Document, text: string, control: HTMLElement): HTMLLabelElement {
  const label = doc.createElement("label");
  label.append(text, control);
  if (control instanceof HTMLInputElement && control.type === "range") {
    // A slider shows its value beside it, updated while it is dragged.
    const shown = label.appendChild(doc.createElement("output"));
    shown.textContent = control.value;
    control.addEventListener("input", () => (shown.textContent = control.value));
  }
  return label;
}

function select(doc: Document, options: Record<string, string>, value: string, name: string): HTMLSelectElement {
  const element = doc.createElement("select");
  element.name = name;
  for (const [key, text] of Object.entries(options)) element.add(new Option(text, key, false, key === value));
  return element;
}

function range(doc: Document, min: number, max: number, value: number, name: string): HTMLInputElement {
  const element = doc.createElement("input");
  Object.assign(element, { type: "range", min: String(min), max: String(max), step: "1", value: String(value), name });
  return element;
}

export function playground({ steps, points = 300, seed = 1, initial = {} }: { steps: number; points?: number; seed?: number; initial?: Partial<PlaygroundSettings> }, doc: Document = document): Playground {
  let settings: PlaygroundSettings = { dataset: "circles", depth: 1, width: 4, activation: "tanh", ...initial };
  const element = doc.createElement("div");
  element.className = "playground";
  const controls = element.appendChild(doc.createElement("div"));
  controls.className = "playground-controls";
  const datasetSelect = select(doc, DATASETS, settings.dataset, "dataset");
  const depthInput = range(doc, 0, 4, settings.depth, "depth");
  const widthInput = range(doc, 1, 8, settings.width, "width");
  const activationSelect = select(doc, { tanh: "tanh", relu: "ReLU" }, settings.activation, "activation");
  const shapeText = doc.createElement("span");
  const retrain = doc.createElement("button");
  retrain.textContent = "重新训练";
  retrain.dataset.action = "train";
  controls.append(labelled(doc, "数据 ", datasetSelect), labelled(doc, "隐藏层数 ", depthInput), labelled(doc, "每层单元 ", widthInput), labelled(doc, "激活 ", activationSelect), shapeText, retrain);
  const board = element.appendChild(doc.createElement("div"));
  board.className = "playground-board";
  const boundary = board.appendChild(doc.createElement("div"));
  boundary.dataset.output = "playground-boundary";
  const status = board.appendChild(doc.createElement("p"));
  status.dataset.output = "playground-status";
  const units = element.appendChild(doc.createElement("div"));
  units.dataset.output = "playground-units";

  let data: PointSet | null = null;
  let grid: Grid | null = null;
  let model: tf.Sequential | null = null;
  let dataName = "";
  let generation = 0;
  let running: Promise<TrainProgress> = Promise.resolve({ step: 0, loss: NaN, accuracy: NaN });

  const describe = ({ depth, width }: PlaygroundSettings) => (depth === 0 ? "线性模型（逻辑回归）" : `2 → ${Array(depth).fill(width).join(" → ")} → 2`);

  async function run(): Promise<TrainProgress> {
    const mine = ++generation;
    await running.catch(() => undefined); // the previous run sees `cancelled` and stops
    if (mine !== generation) return { step: 0, loss: NaN, accuracy: NaN }; // superseded before it began
    if (dataName !== settings.dataset) {
      data?.dispose();
      grid?.dispose();
      data = make2d(settings.dataset, points, seed);
      grid = gridAround(data.points);
      dataName = settings.dataset;
    }
    model?.dispose();
    const { depth, width, activation } = settings;
    model = buildMlp({ hidden: Array(depth).fill(width), activation, seed });
    shapeText.textContent = `${describe(settings)}，${model.countParams()} 个参数`;
    status.dataset.state = "running";
    units.replaceChildren();
    const current = { data: data!, grid: grid!, model };
    const draw = async () => boundary.replaceChildren(boundaryCanvas(await boundaryOn(current.model, current.grid), current.grid, current.data.points, current.data.labels));
    const result = await trainMlp(model, data!.x, data!.y, {
      steps,
      cancelled: () => mine !== generation,
      every: 10,
      onProgress: async (p) => {
        await draw();
        status.textContent = `第 ${p.step}/${steps} 步：损失 ${p.loss.toFixed(3)}，训练集准确率 ${(p.accuracy * 100).toFixed(1)}%`;
      }
    });
    if (mine !== generation) return result;
    await draw();
    units.replaceChildren(...(depth ? [hiddenUnitGrid(await hiddenUnitsOn(current.model, current.grid), current.grid)] : []));
    Object.assign(status.dataset, { state: "done", accuracy: String(result.accuracy), loss: String(result.loss), dataset: settings.dataset, depth: String(depth), width: String(width) });
    status.textContent = `${DATASETS[settings.dataset]}，${describe(settings)}：${result.step} 步后损失 ${result.loss.toFixed(3)}，训练集准确率 ${(result.accuracy * 100).toFixed(1)}%`;
    return result;
  }

  const restart = () => (running = run());
  const read = () => {
    settings = { dataset: datasetSelect.value as DatasetName, depth: Number(depthInput.value), width: Number(widthInput.value), activation: activationSelect.value as Activation };
    restart();
  };
  for (const control of [datasetSelect, depthInput, widthInput, activationSelect]) control.addEventListener("change", read);
  retrain.addEventListener("click", restart);
  restart();

  return {
    element,
    idle: () => running,
    set: (next) => {
      settings = { ...settings, ...next };
      datasetSelect.value = settings.dataset;
      depthInput.value = String(settings.depth);
      widthInput.value = String(settings.width);
      activationSelect.value = settings.activation;
      for (const slider of [depthInput, widthInput]) slider.dispatchEvent(new Event("input")); // update the shown values
      return restart();
    },
    dispose: () => {
      generation++;
      void running.finally(() => {
        model?.dispose();
        data?.dispose();
        grid?.dispose();
        model = data = grid = null;
      });
    }
  };
}
