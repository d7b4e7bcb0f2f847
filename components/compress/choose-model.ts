// Which CNN 5.3 compresses: by default the book's model (loadBookModel: the reader's saved
// 3.2 CNN, else the shipped reference); when the reader asks for their own and there is
// none, a Chinese message and no model, so nothing runs on a model they did not choose.
import { loadBookModel, type BookModel } from "../models/book-model.js";
import { CompressSettingError } from "./errors.js";
import { readCnnWeights, type CnnWeights } from "./cnn-weights.js";

export type ModelChoice = "auto" | "mine";

export async function chooseBookModel(reference: Parameters<typeof loadBookModel>[0], choice: ModelChoice, options: Parameters<typeof loadBookModel>[1] = {}): Promise<BookModel> {
  const book = await loadBookModel(reference, options);
  if (choice === "mine" && book.source !== "reader") {
    book.dispose();
    throw new CompressSettingError("你选择了“用我在 3.2 训练的模型”，但模型库里没有它：请先在 3.2 节训练卷积网络并按“保存到模型库”，或改选“自动”使用本书的参考模型。");
  }
  return book;
}

/** The chosen model's weights as a copy (the loaded model is disposed at once), with what
 * the page must say about it. */
export async function readBookWeights(reference: Parameters<typeof loadBookModel>[0], choice: ModelChoice, options: Parameters<typeof loadBookModel>[1] = {}): Promise<{ weights: CnnWeights; source: BookModel["source"]; description: string; version: number }> {
  const book = await chooseBookModel(reference, choice, options);
  try {
    return { weights: await readCnnWeights(book.model), source: book.source, description: book.description, version: book.card.version };
  } finally {
    book.dispose();
  }
}
