// What a trained classifier gets right and wrong: predictions with probabilities, the
// confusion matrix, and the misclassified examples (3.2's results, reused by later chapters).
import * as tf from "@book/tf";

export interface Predictions {
  predicted: Int32Array;
  /** Probability of the predicted class. */
  confidence: Float32Array;
  /** All class probabilities, row-major [n, classes]. */
  probabilities: Float32Array;
  classes: number;
}

/** Runs the model in batches (bounded memory) and reads the results back with await. */
export async function predictClasses(model: tf.LayersModel, x: tf.Tensor, batchSize = 256): Promise<Predictions> {
  const n = x.shape[0];
  const parts: Float32Array[] = [];
  let classes = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const probs = tf.tidy(() => model.predict(x.slice(start, size)) as tf.Tensor2D);
    classes = probs.shape[1];
    parts.push((await probs.data()) as Float32Array);
    probs.dispose();
  }
  const probabilities = new Float32Array(n * classes);
  let offset = 0;
  for (const part of parts) probabilities.set(part, (offset += part.length) - part.length);
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
    predicted[i] = best;
    confidence[i] = probabilities[i * classes + best];
  }
  return { predicted, confidence, probabilities, classes };
}

/** counts[true][predicted]. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) counts[labels[i]][predicted[i]]++;
  return counts;
}

export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) right++;
  return labels.length ? right / labels.length : 0;
}

/** Indices the model got wrong, most confident mistakes first; optionally one (true, predicted) pair. */
export function mistakes(labels: ArrayLike<number>, p: Predictions, only?: { actual: number; predicted: number }): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === p.predicted[i]) continue;
    if (only && (labels[i] !== only.actual || p.predicted[i] !== only.predicted)) continue;
    wrong.push(i);
  }
  return wrong.sort((a, b) => p.confidence[b] - p.confidence[a]);
}
