// loadBookModel(): the one call chapters 5, 6 and 7 make to get "the book's CNN": the one
// the reader trained in 3.2 and saved to the model store, or, when there is none (or the
// store cannot be used), the reference CNN the book ships. It says which, so the page can
// tell the reader what it is working on. Only Keras versions count: a weights bundle (3.6's
// GPT) is never returned, whatever its name.
//   const book = await loadBookModel(FileAttachment("data/reference-cnn.dlmodel"));
//   display(book.description);   // then use book.model; book.dispose() when done
import type * as tf from "@book/tf";
import { unpackModel } from "./artifacts.js";
import { decodeBundle } from "./bundle.js";
import type { ModelCard } from "./card.js";
import { BOOK_CNN_NAME } from "./book-cnn.js";
import { StoreUnavailableError } from "./errors.js";
import { ModelStore, type StoredModel } from "./registry.js";

export interface BookModel {
  model: tf.LayersModel;
  card: ModelCard;
  /** "reader": the reader's own 3.2 CNN from the store; "reference": the shipped one. */
  source: "reader" | "reference";
  /** One Chinese sentence for the page: which model this is and why. */
  description: string;
  dispose(): void;
}

type Bytes = { arrayBuffer(): Promise<ArrayBuffer> } | ArrayBuffer | Uint8Array;

/** The reader's 3.2 CNN (the version tagged production, else the newest), else the
 * reference model read from `reference` (the FileAttachment of data/reference-cnn.dlmodel). */
export async function loadBookModel(reference: Bytes, { store, name = BOOK_CNN_NAME }: { store?: ModelStore; name?: string } = {}): Promise<BookModel> {
  let why = "你还没有把 3.2 节训练的卷积网络保存到模型库";
  try {
    const opened = store ?? (await ModelStore.open());
    try {
      const version = kerasVersion((await opened.list()).find((m) => m.name === name));
      if (version !== null) {
        const { model, card } = await opened.loadModel(name, version);
        const accuracy = card.metrics.testAccuracy === null ? "" : `，测试集准确率 ${(card.metrics.testAccuracy * 100).toFixed(1)}%`;
        return { model, card, source: "reader", description: `本页使用你在 3.2 节训练并保存到模型库的卷积网络（${name} 版本 ${card.version}${accuracy}）。`, dispose: () => model.dispose() };
      }
    } finally {
      if (!store) opened.close();
    }
  } catch (error) {
    why = error instanceof StoreUnavailableError ? "这个浏览器不让本站使用模型库（IndexedDB，常见于隐私/无痕模式）" : `模型库里的模型无法读取（${(error as Error).message}）`;
  }
  const bytes = reference instanceof ArrayBuffer || reference instanceof Uint8Array ? reference : await reference.arrayBuffer();
  const pkg = decodeBundle(bytes);
  const model = await unpackModel(pkg);
  const accuracy = pkg.card.metrics.testAccuracy === null ? "" : `，测试集准确率 ${(pkg.card.metrics.testAccuracy * 100).toFixed(1)}%`;
  return {
    model,
    card: pkg.card,
    source: "reference",
    description: `${why}，所以本页使用本书附带的参考模型（同样的结构，由 scripts/train-reference-cnn.ts 训练${accuracy}）。在 3.2 节训练后按“保存到模型库”，本页就会改用你自己的模型。`,
    dispose: () => model.dispose()
  };
}

/** The version loadBookModel uses: the Keras version tagged production, else the newest
 * Keras version; null when the model has none. */
export function kerasVersion(model: StoredModel | undefined): number | null {
  const keras = model?.versions.filter((v) => v.kind === "layers") ?? [];
  if (!keras.length) return null;
  return (keras.find((v) => v.tags.includes("production")) ?? keras[keras.length - 1]).card.version;
}
