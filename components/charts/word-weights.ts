// Words of a text with a background whose strength is each word's attention weight (3.4):
// the weight is in every word's tooltip and in data-weight for scripts and tests.
import * as d3 from "d3";

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
  return root;
}
