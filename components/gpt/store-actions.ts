// 3.6's two buttons for the model store: "保存到模型库" after training (the store's save
// button, models/save-action.ts, with the GPT packed as a weights bundle and checked by
// reloading it), and "从模型库载入" / a .dlmodel file, which rebuilds a saved GPT and hands it
// to the page. Whatever goes wrong (no store, no saved GPT, a damaged or foreign file) is a
// Chinese message beside the buttons; the page's own model and the store are left as they were.
import { decodeFile, FILE_EXTENSION, isWeightsBundle, type WeightsBundle } from "../models/bundle.js";
import type { CardDraft, ModelCard } from "../models/card.js";
import { readModelFile } from "../models/file-drop.js";
import { ModelStore } from "../models/registry.js";
import { saveButton } from "../models/save-action.js";
import type { CharVocab } from "../text/vocab.js";
import { GPT_BUILDER } from "./layout.js";
import type { Gpt } from "./model.js";
import { gptFingerprint, packGpt, TANG_GPT_NAME, unpackGpt } from "./store.js";

export interface SaveGptOptions {
  model: Gpt;
  vocab: CharVocab;
  /** The card's facts when the reader presses the button (gptCard). */
  draft(): CardDraft;
  /** A sequence of ids (e.g. the first test window) on which the reloaded GPT must agree bit for bit. */
  check: { ids: number[]; label: string };
  storePage?: string;
  openStore?(): Promise<ModelStore>;
}

export function saveGptAction({ model, vocab, draft, check, ...rest }: SaveGptOptions, doc: Document = document): HTMLElement {
  return saveButton(
    {
      key: model,
      save: async (store, parent) => {
        const t0 = performance.now();
        const facts = draft();
        const bundle = await packGpt(model, vocab, { ...facts, version: 1, createdAt: facts.createdAt ?? new Date().toISOString(), parentVersion: parent ?? facts.parentVersion });
        return store.savePackage(bundle, performance.now() - t0);
      },
      loadBack: async (store, card) => {
        const t0 = performance.now();
        const { model: loaded } = unpackGpt(await store.loadBundle(card.name, card.version));
        const loadMs = performance.now() - t0;
        try {
          return { loadMs, label: check.label, before: await gptFingerprint(model, check.ids), after: await gptFingerprint(loaded, check.ids) };
        } finally {
          loaded.dispose();
        }
      },
      ...rest
    },
    doc
  );
}

export interface LoadedGpt {
  model: Gpt;
  vocab: CharVocab;
  card: ModelCard;
  /** "模型库 tang-gpt 版本 2" or "文件 tang-gpt-v2.dlmodel". */
  source: string;
}

export interface GptLoaderOptions {
  /** Called with each GPT rebuilt; the loader owns it and disposes it when the next one comes
   * or the loader is disposed (call onRelease first so the page stops using it). */
  onLoad(loaded: LoadedGpt): void;
  /** The page stops using `model` (it is about to be disposed). */
  onRelease?(model: Gpt): void;
  name?: string;
  openStore?(): Promise<ModelStore>;
}

/** The newest gpt-char version of `name` (production-tagged first), or a Chinese reason. */
async function newestGpt(store: ModelStore, name: string): Promise<WeightsBundle> {
  const model = (await store.list()).find((m) => m.name === name);
  const gpts = model?.versions.filter((v) => v.kind === "weights" && v.builder === GPT_BUILDER) ?? [];
  if (!gpts.length) throw new Error(`模型库里还没有 ${name}：先在上面训练 GPT，再按“保存到模型库”（或者从 ${FILE_EXTENSION} 文件载入）。本页的模型没有改动。`);
  const chosen = gpts.find((v) => v.tags.includes("production")) ?? gpts[gpts.length - 1];
  return store.loadBundle(name, chosen.card.version);
}

export function gptLoader({ onLoad, onRelease, name = TANG_GPT_NAME, openStore = () => ModelStore.open() }: GptLoaderOptions, doc: Document = document): { element: HTMLElement; dispose(): void } {
  const element = doc.createElement("div");
  element.className = "gpt-loader";
  const fromStore = element.appendChild(Object.assign(doc.createElement("button"), { type: "button", textContent: "从模型库载入" }));
  fromStore.dataset.action = "load-gpt";
  const label = element.appendChild(doc.createElement("label"));
  label.append(`　或从 ${FILE_EXTENSION} 文件载入：`);
  const file = label.appendChild(Object.assign(doc.createElement("input"), { type: "file", accept: FILE_EXTENSION }));
  file.dataset.action = "load-gpt-file";
  const status = element.appendChild(doc.createElement("p"));
  status.dataset.output = "gpt-load-status";
  status.setAttribute("aria-live", "polite");
  let current: Gpt | undefined;

  async function load(read: () => Promise<{ bundle: WeightsBundle; source: string }>): Promise<void> {
    fromStore.disabled = file.disabled = true;
    Object.assign(status, { className: "", textContent: "正在载入…" });
    status.dataset.state = "loading";
    try {
      const { bundle, source } = await read();
      const { model, vocab } = unpackGpt(bundle);
      const previous = current;
      current = model;
      onLoad({ model, vocab, card: bundle.card, source });
      if (previous) release(previous);
      const ppl = bundle.card.metrics.testPerplexity;
      status.textContent = `已载入${source}（${bundle.card.parameters.toLocaleString("en-US")} 个参数${typeof ppl === "number" ? `，测试困惑度 ${ppl.toFixed(1)}` : ""}${bundle.card.trainingSteps ? `，训练了 ${bundle.card.trainingSteps} 步` : ""}）。下面写诗、注意力图和 KV 缓存的单元现在都用它；重新训练会换回本页的模型。`;
      Object.assign(status.dataset, { state: "loaded", version: String(bundle.card.version) });
    } catch (error) {
      Object.assign(status, { className: "model-error", textContent: (error as Error).message });
      status.setAttribute("role", "alert");
      status.dataset.state = "error";
    } finally {
      fromStore.disabled = file.disabled = false;
    }
  }

  function release(model: Gpt): void {
    onRelease?.(model);
    model.dispose();
  }

  fromStore.addEventListener("click", () =>
    load(async () => {
      const store = await openStore();
      try {
        const bundle = await newestGpt(store, name);
        return { bundle, source: `模型库里的 ${bundle.card.name} 版本 ${bundle.card.version}` };
      } finally {
        store.close();
      }
    })
  );
  file.addEventListener("change", () => {
    const picked = file.files?.[0];
    file.value = "";
    if (!picked) return;
    void load(async () => {
      const pkg = decodeFile(await readModelFile(picked));
      if (!isWeightsBundle(pkg)) throw new Error(`“${picked.name}”里是 Keras 模型 ${pkg.card.name}（${pkg.card.chapter} 节），不是 GPT：本页只能载入 3.6 节保存的 ${GPT_BUILDER} 权重包。本页的模型没有改动。`);
      return { bundle: pkg, source: `文件“${picked.name}”里的 ${pkg.card.name} 版本 ${pkg.card.version}` };
    });
  });
  return {
    element,
    dispose() {
      if (current) release(current);
      current = undefined;
    }
  };
}
