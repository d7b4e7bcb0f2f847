// Shared by the 第6章 tests: the shipped reference CNN and real test digits, read from disk.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBookModel } from "../../components/models/book-model.js";
import { REFERENCE_CNN_FILE } from "../../components/models/book-cnn.js";
import { loadMnist } from "../../components/data/mnist.js";
import type { ModelStore } from "../../components/models/registry.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The reference model through loadBookModel with a store that has no model (as a new reader). */
export async function referenceModel() {
  const emptyStore = { list: async () => [], close() {} } as unknown as ModelStore;
  return loadBookModel(readFileSync(join(root, REFERENCE_CNN_FILE)), { store: emptyStore });
}

let digits: ReturnType<typeof loadMnist> | undefined;
/** The book's MNIST split, produced by its data loader (as the site's build does). */
export async function mnistSplits() {
  digits ??= loadMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 }));
  return digits;
}

export async function testDigits() {
  return (await mnistSplits()).test;
}
