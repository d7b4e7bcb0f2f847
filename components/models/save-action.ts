// "保存到模型库": the button a training chapter shows after training (3.2 first). It saves
// the model as the next version with its card, loads it straight back and compares the two
// models' outputs on fixed inputs, and reports sizes and times. Saving the same model object
// again (after more training) records the earlier version as its parent.
import type * as tf from "@book/tf";
import type { CardDraft } from "./card.js";
import { cardView } from "./card-view.js";
import { formatBytes } from "./errors.js";
import { predictionFingerprint } from "./fingerprint.js";
import { ModelStore } from "./registry.js";

export interface SaveActionOptions {
  model: tf.LayersModel;
  /** The card's facts when the reader presses the button. */
  draft(): CardDraft;
  /** Inputs (e.g. the first 100 test digits) on which the reloaded model must agree bit for bit. */
  check?: { x: tf.Tensor; label: string };
  /** Link to the store's page, relative to the current page. */
  storePage?: string;
  openStore?(): Promise<ModelStore>;
}

/** The version each live model was last saved as, for the next save's parentVersion. */
const lastSaved = new WeakMap<tf.LayersModel, number>();

export function saveModelAction({ model, draft, check, storePage = "./models", openStore = () => ModelStore.open() }: SaveActionOptions, doc: Document = document): HTMLElement {
  const element = doc.createElement("div");
  element.className = "save-model";
  element.dataset.output = "save-model";
  const button = element.appendChild(doc.createElement("button"));
  Object.assign(button, { type: "button", textContent: "保存到模型库" });
  button.dataset.action = "save-model";
  const status = element.appendChild(doc.createElement("p"));
  status.dataset.output = "save-status";
  status.setAttribute("aria-live", "polite");
  const details = element.appendChild(doc.createElement("div"));

  button.addEventListener("click", async () => {
    button.disabled = true;
    status.className = "";
    status.textContent = "正在保存…";
    details.replaceChildren();
    let store: ModelStore | undefined;
    try {
      store = await openStore();
      const facts = draft();
      const report = await store.saveModel(model, { ...facts, parentVersion: lastSaved.get(model) ?? facts.parentVersion });
      lastSaved.set(model, report.card.version);
      const t0 = performance.now();
      const { model: loaded } = await store.loadModel(report.card.name, report.card.version);
      const loadMs = performance.now() - t0;
      let agreement = "";
      if (check) {
        const [before, after] = [await predictionFingerprint(model, check.x), await predictionFingerprint(loaded, check.x)];
        Object.assign(element.dataset, { fingerprint: before, identical: String(before === after) });
        agreement = before === after ? `读回的模型在${check.label}上的输出与内存中的模型逐位相同（输出指纹 ${before}）。` : `注意：读回的模型在${check.label}上的输出与内存中的模型不同（指纹 ${before} 与 ${after}）。`;
      }
      loaded.dispose();
      Object.assign(element.dataset, { savedVersion: String(report.card.version), bytes: String(report.bytes), saveMs: (report.packMs + report.writeMs).toFixed(1), loadMs: loadMs.toFixed(1) });
      status.textContent = `已保存为 ${report.card.name} 版本 ${report.card.version}（${formatBytes(report.bytes)}；打包 ${report.packMs.toFixed(0)} ms，写入 IndexedDB ${report.writeMs.toFixed(0)} ms；读回 ${loadMs.toFixed(0)} ms）。${agreement}`;
      const link = Object.assign(doc.createElement("a"), { href: storePage, textContent: "在“模型库”页面查看、导出或删除它" });
      status.append(link, "。");
      details.append(cardView(report.card, { bytes: report.bytes }, doc));
    } catch (error) {
      status.className = "model-error";
      status.setAttribute("role", "alert");
      status.textContent = (error as Error).message;
    } finally {
      store?.close();
      button.disabled = false;
    }
  });
  return element;
}
