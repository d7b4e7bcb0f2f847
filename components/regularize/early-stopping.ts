// Early stopping (第4章 4.5): remember the epoch with the lowest validation loss and stop
// once `patience` epochs in a row have not beaten it.
export interface EarlyStopping {
  /** Records an epoch's validation loss; true when training should stop now. */
  update(epoch: number, validationLoss: number): boolean;
  readonly bestEpoch: number;
  readonly bestLoss: number;
}

export function earlyStopping(patience: number): EarlyStopping {
  if (!(Number.isInteger(patience) && patience >= 1)) throw new Error(`耐心轮数必须是正整数，收到 ${patience}`);
  let [bestEpoch, bestLoss, waited] = [0, Infinity, 0];
  return {
    update(epoch, validationLoss) {
      if (validationLoss < bestLoss) [bestEpoch, bestLoss, waited] = [epoch, validationLoss, 0];
      else waited++;
      return waited >= patience;
    },
    get bestEpoch() {
      return bestEpoch;
    },
    get bestLoss() {
      return bestLoss;
    }
  };
}
