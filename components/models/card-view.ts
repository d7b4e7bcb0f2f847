// A model card as a definition list, for the 3.2 save action and the 模型库 page.
import { CARD_LABELS, formatCardField, type ModelCard } from "./card.js";
import { formatBytes } from "./errors.js";

export function cardView(card: ModelCard, { tags = [], bytes }: { tags?: string[]; bytes?: number } = {}, doc: Document = document): HTMLElement {
  const list = doc.createElement("dl");
  list.className = "model-card";
  list.dataset.output = "model-card";
  Object.assign(list.dataset, { model: card.name, version: String(card.version) });
  const row = (label: string, text: string) => {
    list.append(Object.assign(doc.createElement("dt"), { textContent: label }), Object.assign(doc.createElement("dd"), { textContent: text }));
  };
  // Optional fields a card does not have (older cards, classifiers without steps) are left out.
  for (const [field, label] of CARD_LABELS) if (card[field] !== undefined) row(label, formatCardField(card, field));
  if (tags.length) row("标签", tags.join("、"));
  if (bytes !== undefined) row("占用空间", formatBytes(bytes));
  return list;
}
