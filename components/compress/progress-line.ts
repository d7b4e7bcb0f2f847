// One line of progress for the short training runs of 5.3 (fine-tuning, QAT, students):
// "正在…：第 e/E 轮，第 b/B 批，损失 …", updated from trainWeights's onBatchEnd.
import type { BatchProgress } from "../train/loop.js";

export function progressLine(doc: Document = document): { element: HTMLParagraphElement; stage(label: string): (p: BatchProgress) => void; done(text: string): void } {
  const element = doc.createElement("p");
  element.className = "compress-progress";
  element.setAttribute("role", "status");
  return {
    element,
    stage: (label) => (p) => {
      element.textContent = `${label}：第 ${p.epoch}/${p.epochs} 轮，第 ${p.batch}/${p.batchesPerEpoch} 批，损失 ${p.loss.toFixed(3)}`;
    },
    done: (text) => {
      element.textContent = text;
    }
  };
}
