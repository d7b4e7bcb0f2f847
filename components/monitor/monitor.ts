// What the monitor reports per window (第7章 7.3): mean confidence, the predicted-class
// distribution, PSI and KL of those against the reference window, an alert when PSI
// passes the threshold, and accuracy once the window's labels have arrived `delay`
// windows later (labels come late in practice: a human checks, a customer complains).
import { binFractions, classFractions, klDivergence, psi, PSI_ALERT } from "./drift.js";

/** Confidence bins: most answers of a good model sit near 1, so the bins are finer there. */
export const CONFIDENCE_EDGES = [0.5, 0.7, 0.9, 0.99];

export interface WindowPredictions {
  predicted: ArrayLike<number>;
  confidence: ArrayLike<number>;
}

export interface WindowReport {
  index: number;
  meanConfidence: number;
  classes: number[];
  classPsi: number;
  confidencePsi: number;
  classKl: number;
  /** The larger of the two PSIs: the number the alert looks at. */
  drift: number;
  alert: boolean;
}

export function monitorWindow(reference: WindowPredictions, current: WindowPredictions, index: number, { classes = 10, threshold = PSI_ALERT } = {}): WindowReport {
  const refClasses = classFractions(reference.predicted, classes);
  const curClasses = classFractions(current.predicted, classes);
  const classPsi = psi(refClasses, curClasses);
  const confidencePsi = psi(binFractions(reference.confidence, CONFIDENCE_EDGES), binFractions(current.confidence, CONFIDENCE_EDGES));
  const drift = Math.max(classPsi, confidencePsi);
  let sum = 0;
  for (let i = 0; i < current.confidence.length; ++i) sum += current.confidence[i];
  return { index, meanConfidence: sum / current.confidence.length, classes: curClasses, classPsi, confidencePsi, classKl: klDivergence(curClasses, refClasses), drift, alert: drift > threshold };
}

/** Accuracy of window `index`, known only from window index + delay on; null before. */
export function delayedAccuracy(predicted: ArrayLike<number>[], labels: ArrayLike<number>[], now: number, delay: number): (number | null)[] {
  return predicted.map((p, i) => {
    if (i + delay > now) return null;
    let right = 0;
    for (let k = 0; k < p.length; ++k) if (p[k] === labels[i][k]) right += 1;
    return right / p.length;
  });
}
