// "保存到模型库": the button a training chapter shows after training (3.2's CNN, 3.6's GPT).
// It saves the model as the next version with its card, loads it straight back and compares
// the two models' outputs on fixed inputs, and reports sizes and times. Saving the same model
// object again (after more training) records the earlier version as its parent.
// saveButton() is the kind-independent part; saveModelAction() is it for a tf.LayersModel.
import type * as tf from "@book/tf";
import type { CardDraft, ModelCard } from "./card.js";
import { cardView } from "./card-view.js";
import { formatBytes } from "./errors.js";
import { predictionFingerprint } from "./fingerprint.js";
import { ModelStore, type SaveReport } from "./registry.js";

/** What loading the saved version back found: its time and, if checked, the two fingerprints. */
export interface LoadBack {
  loadMs: number;
  /** Fingerprints of the live and the reloaded model's outputs on the same inputs. */
  before?: string;
  after?: string;
  /** What the inputs were ("前 100 张测试图像"). */
  label?: string;
}

export interface SaveButtonOptions {
  /** The live model: only its identity is used (the next save records this one as parent). */
  key: object;
  /** Saves the model as a new version (parentVersion: the one this object was saved as last). */
  save(store: ModelStore, parentVersion: number | undefined): Promise<SaveReport>;
  /** Loads the saved version back (and compares it with the live model). */
  loadBack(store: ModelStore, card: ModelCard): Promise<LoadBack>;
  /** Link to the store's page, relative to the current page. */
  storePage?: string;
  openStore?(): Promise<ModelStore>;
}

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
const lastSaved = new WeakMap<object, number>();

export function saveModelAction({ model, draft, check, ...rest }: SaveActionOptions, doc: Document = document): HTMLElement {
  return saveButton(
    {
      key: model,
      save: (store, parent) => {
        const facts = draft();
        return store.saveModel(model, { ...facts, parentVersion: parent ?? facts.parentVersion });
      },
      loadBack: async (store, card) => {
        const t0 = performance.now();
        const { model: loaded } = await store.loadModel(card.name, card.version);
        const loadMs = performance.now() - t0;
        try {
          return check ? { loadMs, label: check.label, before: await predictionFingerprint(model, check.x), after: await predictionFingerprint(loaded, check.x) } : { loadMs };
        } finally {
          loaded.dispose();
        }
      },
      ...rest
    },
    doc
  );
}

export function saveButton({ key, save, loadBack, storePage = "./models", openStore = () => ModelStore.open() }: SaveButtonOptions, doc: Document = document): HTMLElement {
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
    status.removeAttribute("role");
    status.textContent = "正在保存…";
    details.replaceChildren();
    let store: ModelStore | undefined;
    try {
      store = await openStore();
      const report = await save(store, lastSaved.get(key));
      lastSaved.set(key, report.card.version);
      const back = await loadBack(store, report.card);
      let agreement = "";
      if (back.before !== undefined) {
        Object.assign(element.dataset, { fingerprint: back.before, identical: String(back.before === back.after) });
        agreement = back.before === back.after ? `读回的模型在${back.label}上的输出与内存中的模型逐位相同（输出指纹 ${back.before}）。` : `注意：读回的模型在${back.label}上的输出与内存中的模型不同（指纹 ${back.before} 与 ${back.after}）。`;
      }
      Object.assign(element.dataset, { savedVersion: String(report.card.version), bytes: String(report.bytes), saveMs: (report.packMs + report.writeMs).toFixed(1), loadMs: back.loadMs.toFixed(1) });
      status.textContent = `已保存为 ${report.card.name} 版本 ${report.card.version}（${formatBytes(report.bytes)}；打包 ${report.packMs.toFixed(0)} ms，写入 IndexedDB ${report.writeMs.toFixed(0)} ms；读回 ${back.loadMs.toFixed(0)} ms）。${agreement}`;
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
