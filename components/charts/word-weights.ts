// Words of a text with a background whose strength is each word's attention weight (3.4):
// the weight is in every word's tooltip and in data-weight for scripts and tests. A sentence
// names the heaviest words, and a "查看数据表" table lists every word's weight, heaviest first.
import * as d3 from "./d3.js";
import { withDataTable } from "./data-table.js";
import { describeWeights } from "./describe.js";

/** The weighted text (a `p.word-weights`) with its summary and data table, in one element. */
export function wordWeights(words: string[], weights: ArrayLike<number>, doc: Document = document): HTMLElement {
  const root = doc.createElement("p");
  root.className = "word-weights";
  let max = 1e-9;
  for (let i = 0; i < words.length; i++) max = Math.max(max, weights[i]);
  words.forEach((word, i) => {
    const span = root.appendChild(doc.createElement("span"));
    span.textContent = word;
    span.dataset.weight = weights[i].toFixed(4);
    span.title = `注意力权重 ${(weights[i] * 100).toFixed(2)}%`;
    span.style.background = d3.interpolateOranges((weights[i] / max) * 0.85);
    span.style.color = weights[i] / max > 0.6 ? "white" : "black";
    root.append(" ");
  });
  const summary = Object.assign(doc.createElement("p"), { className: "chart-summary", textContent: describeWeights(words, weights) });
  const order = words.map((_, i) => i).sort((a, b) => weights[b] - weights[a]);
  const figure = withDataTable(root, "每个词的注意力权重（从高到低）", () => ({ columns: ["词", "权重（%）"], rows: order.map((i) => [words[i], weights[i] * 100]), maxRows: 100 }), {}, doc);
  figure.prepend(summary);
  return figure;
}
