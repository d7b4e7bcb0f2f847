// "用我在 3.2 训练的模型" (5.3, 5.4 节): loadBookModel() already prefers the reader's model,
// so this button is shown only while the page uses the reference model; it looks in the
// model store again and says, in Chinese, why the reader's model is not there or that it
// is now and the cell should be run again. It never writes to the store.
import { BOOK_CNN_NAME } from "../models/book-cnn.js";
import { StoreUnavailableError } from "../models/errors.js";
import { ModelStore } from "../models/registry.js";

export function useMyModelButton(doc: Document = document, open: () => Promise<ModelStore> = () => ModelStore.open()): HTMLElement {
  const box = doc.createElement("p");
  const button = box.appendChild(doc.createElement("button"));
  Object.assign(button, { type: "button", textContent: "用我在 3.2 训练的模型" });
  button.dataset.action = "use-mine";
  const message = box.appendChild(doc.createElement("span"));
  message.dataset.output = "use-mine";
  message.setAttribute("role", "status");
  button.addEventListener("click", async () => {
    message.textContent = ` ${await whereIsMine(open)}`;
  });
  return box;
}

/** One Chinese sentence: whether the store holds the reader's 3.2 CNN. */
export async function whereIsMine(open: () => Promise<ModelStore>): Promise<string> {
  try {
    const store = await open();
    try {
      // Only Keras versions are CNNs the page can use (a weights bundle is a GPT or the like).
      const cnnVersions = (await store.list()).find((m) => m.name === BOOK_CNN_NAME)?.versions.filter((v) => v.kind === "layers") ?? [];
      return cnnVersions.length
        ? `模型库里有你的 ${BOOK_CNN_NAME}（${cnnVersions.length} 个版本）：重新运行本单元，本页就会改用它。`
        : `模型库里还没有 ${BOOK_CNN_NAME}：请先在 3.2 节训练卷积网络并按“保存到模型库”，本页仍使用参考模型。`;
    } finally {
      store.close();
    }
  } catch (error) {
    return error instanceof StoreUnavailableError ? "这个浏览器不让本站使用模型库（IndexedDB），无法读取你的模型；本页仍使用参考模型。" : `读取模型库失败（${(error as Error).message}），本页仍使用参考模型。`;
  }
}
