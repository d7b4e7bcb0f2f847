// The 模型库 page's view: every stored model with its versions, cards, tags and sizes;
// tag, export, delete (after a confirming second click); import by file picker or drop;
// storage used and the request for persistent storage. Its value (a Framework view) is the
// list of stored models, updated after every change, so cells that load models rerun.
import { FILE_EXTENSION } from "./bundle.js";
import { BUILDERS } from "./builders.js";
import { headlineMetric } from "./card.js";
import { cardView } from "./card-view.js";
import { formatBytes } from "./errors.js";
import { fileDrop, readModelFile } from "./file-drop.js";
import { storageUsage } from "./idb.js";
import { ModelStore, TAGS, type StoredModel, type StoredVersion } from "./registry.js";

export interface StoreViewOptions {
  /** The reference model's file, offered as "把参考模型加入模型库". */
  reference?: { arrayBuffer(): Promise<ArrayBuffer> };
  openStore?(): Promise<ModelStore>;
}

export type StoreView = HTMLElement & { value: StoredModel[] };

export async function modelStoreView({ reference, openStore = () => ModelStore.open() }: StoreViewOptions = {}, doc: Document = document): Promise<StoreView> {
  const root = doc.createElement("div") as unknown as StoreView;
  root.className = "model-store";
  root.value = [];
  const message = doc.createElement("p");
  message.dataset.output = "store-message";
  message.setAttribute("aria-live", "polite");
  const say = (text: string, error = false) => {
    message.textContent = text;
    message.className = error ? "model-error" : "";
    message.dataset.state = error ? "error" : "ok";
  };
  let store: ModelStore;
  try {
    store = await openStore();
  } catch (error) {
    say((error as Error).message, true);
    root.append(message);
    return root;
  }
  const usage = doc.createElement("div");
  usage.dataset.output = "store-usage";
  const list = doc.createElement("div");
  list.dataset.output = "store-list";
  const tools = doc.createElement("div");
  tools.className = "model-store-tools";
  tools.append(fileDrop((file) => void importBytes(() => readModelFile(file), `“${file.name}”`), doc));
  if (reference) tools.append(button("把参考模型加入模型库", "add-reference", () => importBytes(async () => new Uint8Array(await reference.arrayBuffer()), "参考模型")));
  root.append(usage, tools, message, list);

  /** Runs a change, reports it, and redraws; errors are shown and the store is as before. */
  async function act(work: () => Promise<string>): Promise<void> {
    try {
      say(await work());
    } catch (error) {
      say((error as Error).message, true);
    }
    await refresh();
  }

  function importBytes(read: () => Promise<Uint8Array>, what: string): Promise<void> {
    return act(async () => {
      const { card, renumberedFrom } = await store.importFile(await read());
      return `已导入${what}：${card.name} 版本 ${card.version}${renumberedFrom ? `（文件里是版本 ${renumberedFrom}，该版本号已被占用）` : ""}。`;
    });
  }

  function button(text: string, action: string, onClick: () => unknown): HTMLButtonElement {
    const b = Object.assign(doc.createElement("button"), { type: "button", textContent: text });
    b.dataset.action = action;
    b.addEventListener("click", async () => {
      b.disabled = true;
      await onClick();
      b.disabled = false;
    });
    return b;
  }

  function versionItem(name: string, v: StoredVersion, open: boolean): HTMLElement {
    const { card } = v;
    const item = doc.createElement("details");
    item.open = open;
    item.className = "model-version";
    Object.assign(item.dataset, { model: name, version: String(card.version), kind: v.kind });
    const builder = v.builder === null ? undefined : BUILDERS[v.builder];
    const what = v.kind === "layers" ? "" : ` · 权重包（${builder ? `${builder.chapter} 节的${builder.title}` : v.builder}）`;
    const summary = item.appendChild(doc.createElement("summary"));
    summary.textContent = `版本 ${card.version}${what} · ${headlineMetric(card)} · ${card.parameters.toLocaleString("en-US")} 个参数 · ${formatBytes(v.bytes)} · ${new Date(card.createdAt).toLocaleString("zh-CN", { hour12: false })}`;
    for (const tag of v.tags) summary.append(" ", Object.assign(doc.createElement("span"), { className: "model-tag", textContent: tag }));
    const actions = item.appendChild(doc.createElement("div"));
    actions.className = "model-actions";
    for (const tag of TAGS) {
      actions.append(
        v.tags.includes(tag)
          ? button(`取消 ${tag}`, `untag-${tag}`, () => act(async () => (await store.removeTag(name, tag), `${name} 版本 ${card.version} 不再是 ${tag}。`)))
          : button(`设为 ${tag}`, `tag-${tag}`, () => act(async () => (await store.setTag(name, card.version, tag), `${name} 的 ${tag} 现在是版本 ${card.version}。`)))
      );
    }
    actions.append(button("导出", "export", () => act(async () => download(await store.exportFile(name, card.version), `${name}-v${card.version}${FILE_EXTENSION}`))));
    const remove = button("删除", "delete", () => {
      if (remove.dataset.action === "delete") {
        // A second click confirms: nothing the reader made disappears on one slip.
        Object.assign(remove, { textContent: `确认删除版本 ${card.version}？` });
        remove.dataset.action = "confirm-delete";
        return;
      }
      return act(async () => (await store.delete(name, card.version), `已删除 ${name} 版本 ${card.version}。`));
    });
    actions.append(remove);
    item.append(cardView(card, { tags: v.tags, bytes: v.bytes }, doc));
    if (builder) {
      const note = item.appendChild(doc.createElement("p"));
      note.className = "model-use";
      note.append("这是一个权重包（张量、结构配置和字表），不是 tf.LayersModel：第 5–7 章使用卷积网络的单元不会用它。", Object.assign(doc.createElement("a"), { href: builder.page, textContent: `在 ${builder.chapter} 节载入它` }), "。");
    }
    return item;
  }

  function download(bytes: Uint8Array, fileName: string): string {
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/octet-stream" }));
    const a = Object.assign(doc.createElement("a"), { href: url, download: fileName });
    doc.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return `已导出 ${fileName}（${formatBytes(bytes.length)}）：模型结构、权重和模型卡都在这一个文件里，可以在别的浏览器里用“导入”恢复。`;
  }

  async function refresh(): Promise<void> {
    const models = await store.list();
    root.value = models;
    const total = models.reduce((sum, m) => sum + m.bytes, 0);
    const versions = models.reduce((sum, m) => sum + m.versions.length, 0);
    const estimate = await storageUsage();
    const persisted = await globalThis.navigator?.storage?.persisted?.().catch(() => false);
    usage.replaceChildren(
      `模型库里有 ${models.length} 个模型、${versions} 个版本，共 ${formatBytes(total)}。` + (estimate ? `本站在这个浏览器里一共占用 ${formatBytes(estimate.usage)}，配额 ${formatBytes(estimate.quota)}（navigator.storage.estimate()）。` : "浏览器没有报告存储用量。"),
      persisted ? "存储已设为持久：浏览器清理空间时不会自动删除它。" : ""
    );
    if (!persisted && typeof globalThis.navigator?.storage?.persist === "function") {
      usage.append(
        button("申请持久存储", "persist", () =>
          act(async () => ((await navigator.storage.persist()) ? "浏览器同意了：模型库不会在空间紧张时被自动清除。" : "浏览器没有同意持久存储（常见于没有收藏或常用本站时）；模型仍然保存着，只是空间紧张时可能被清除，重要的模型请导出备份。"))
        )
      );
    }
    // Versions the reader had open stay open after a change.
    const wasOpen = new Set([...list.querySelectorAll<HTMLElement>("details[open]")].map((d) => `${d.dataset.model}@${d.dataset.version}`));
    list.replaceChildren(
      ...(models.length
        ? models.map((m) => {
            const section = doc.createElement("section");
            section.dataset.model = m.name;
            section.append(Object.assign(doc.createElement("h3"), { textContent: `${m.name}（${m.versions.length} 个版本，${formatBytes(m.bytes)}）` }), ...m.versions.map((v) => versionItem(m.name, v, wasOpen.has(`${m.name}@${v.card.version}`))));
            return section;
          })
        : [Object.assign(doc.createElement("p"), { textContent: "模型库还是空的：在 3.2 节训练卷积网络（或在 3.6 节训练写唐诗的 GPT）后按“保存到模型库”，或者导入一个模型文件。" })])
    );
    root.dispatchEvent(new Event("input", { bubbles: true }));
  }

  await refresh();
  return root;
}
