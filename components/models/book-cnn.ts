// The book's CNN in the model store: the name the 3.2 page saves it under, and its card.
// Chapters 5, 6 and 7 load it back with loadBookModel() (book-model.ts).
import type * as tf from "@book/tf";
import { describeArchitecture, draftCard } from "./artifacts.js";
import type { CardDraft } from "./card.js";
import type { FitHistory } from "../train/fit.js";

/** The store name of the CNN the reader trains in 3.2 (every save is a new version). */
export const BOOK_CNN_NAME = "mnist-cnn";
/** The name of the reference CNN the book ships (data/reference-cnn.dlmodel). */
export const REFERENCE_CNN_NAME = "mnist-cnn-reference";
/** Where the site serves it (a FileAttachment path, relative to the pages). */
export const REFERENCE_CNN_FILE = "data/reference-cnn.dlmodel";

export interface CnnFacts {
  trainingSize: number;
  /** Test accuracy (0–1) and on how many digits, or null if not measured. */
  testAccuracy: number | null;
  testSize: number | null;
  measuredBy: string;
  backend: string;
  trainingSeconds: number | null;
  parentVersion?: number | null;
  notes?: string;
  name?: string;
}

/** A card for a 3.2 CNN trained on the book's MNIST split. */
export function cnnCard(model: tf.LayersModel, facts: CnnFacts): CardDraft {
  return draftCard(model, {
    name: facts.name ?? BOOK_CNN_NAME,
    architecture: describeArchitecture(model),
    trainingData: { name: "本书的 MNIST 训练集（mnist 软件包的真实手写数字）", size: facts.trainingSize },
    metrics: { testAccuracy: facts.testAccuracy, testSize: facts.testSize, measuredBy: facts.measuredBy },
    backend: facts.backend,
    trainingSeconds: facts.trainingSeconds,
    parentVersion: facts.parentVersion ?? null,
    chapter: "3.2",
    notes: facts.notes ?? ""
  });
}

/** Seconds the last fit() spent training, from its batches and throughput (fit's loop
 * shuffles n samples into ceil(n / batchSize) batches per epoch, only the last one short). */
export function fitSeconds(history: FitHistory, samples: number, batchSize: number): number | null {
  if (!history.batches.length || !history.samplesPerSecond) return null;
  const perEpoch = Math.ceil(samples / batchSize);
  const trained = Math.floor(history.batches.length / perEpoch) * samples + (history.batches.length % perEpoch) * batchSize;
  return Math.round((trained / history.samplesPerSecond) * 10) / 10;
}
