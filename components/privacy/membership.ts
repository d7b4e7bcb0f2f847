// The loss-threshold membership-inference attack (Yeom et al. 2018), 第6章 6.5 节: guess
// "this example was in the training set" when the model's loss on it is below a threshold.
// Sweeping the threshold gives a ROC curve; its area (AUC) is the probability that a random
// member gets a lower loss than a random non-member: 0.5 means the attack learns nothing.

export interface RocPoint {
  falsePositive: number;
  truePositive: number;
}

/** ROC of the rule "loss ≤ t ⇒ member" over every threshold t, from (0, 0) to (1, 1). */
export function rocCurve(memberLosses: ArrayLike<number>, nonMemberLosses: ArrayLike<number>): RocPoint[] {
  const all = [...Array.from(memberLosses, (loss) => ({ loss, member: true })), ...Array.from(nonMemberLosses, (loss) => ({ loss, member: false }))].sort((a, b) => a.loss - b.loss);
  const [p, n] = [memberLosses.length, nonMemberLosses.length];
  const points: RocPoint[] = [{ falsePositive: 0, truePositive: 0 }];
  let tp = 0, fp = 0;
  for (let i = 0; i < all.length; ++i) {
    if (all[i].member) ++tp;
    else ++fp;
    if (i === all.length - 1 || all[i + 1].loss !== all[i].loss) points.push({ falsePositive: fp / n, truePositive: tp / p });
  }
  return points;
}

/** Area under the ROC curve by the trapezoidal rule (ties count one half, as Mann–Whitney's U). */
export function areaUnderCurve(points: RocPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; ++i) area += ((points[i].falsePositive - points[i - 1].falsePositive) * (points[i].truePositive + points[i - 1].truePositive)) / 2;
  return area;
}
