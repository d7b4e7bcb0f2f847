// The baseline a language model must beat (3.6): a character bigram model,
//   P(b | a) = λ · c(a, b) / c(a) + (1 − λ) · P₁(b),   P₁(b) = (c(b) + 1) / (N + V)
// (counts from the training text, interpolated with an add-one unigram so that a pair never
// seen in training still has some probability). λ is chosen on a validation slice of the
// training text, never on the test text.

export class BigramModel {
  private readonly pairs = new Map<number, Map<number, number>>();
  private readonly firsts = new Map<number, number>();
  private readonly unigram: Float64Array;

  constructor(ids: ArrayLike<number>, readonly vocab: number, readonly lambda = 0.9) {
    const counts = new Float64Array(vocab);
    for (let i = 0; i < ids.length; i++) {
      counts[ids[i]]++;
      if (i === 0) continue;
      const a = ids[i - 1];
      const row = this.pairs.get(a) ?? new Map<number, number>();
      row.set(ids[i], (row.get(ids[i]) ?? 0) + 1);
      this.pairs.set(a, row);
      this.firsts.set(a, (this.firsts.get(a) ?? 0) + 1);
    }
    this.unigram = counts.map((c) => (c + 1) / (ids.length + vocab));
  }

  probability(previous: number, next: number): number {
    const total = this.firsts.get(previous) ?? 0;
    const pair = total ? (this.pairs.get(previous)!.get(next) ?? 0) / total : 0;
    const lambda = total ? this.lambda : 0;
    return lambda * pair + (1 - lambda) * this.unigram[next];
  }

  /** exp of the mean negative log-probability of ids[1..] given the character before each. */
  perplexity(ids: ArrayLike<number>): number {
    let nll = 0;
    for (let i = 1; i < ids.length; i++) nll -= Math.log(this.probability(ids[i - 1], ids[i]));
    return Math.exp(nll / (ids.length - 1));
  }

  /** Fits on `train`, picking λ from `lambdas` by perplexity on `validation`, then refits on both. */
  static tuned(train: ArrayLike<number>, validation: ArrayLike<number>, vocab: number, lambdas = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]): BigramModel {
    const scored = lambdas.map((lambda) => ({ lambda, ppl: new BigramModel(train, vocab, lambda).perplexity(validation) }));
    const best = scored.reduce((a, b) => (b.ppl < a.ppl ? b : a));
    return new BigramModel([...Array.from(train), ...Array.from(validation)], vocab, best.lambda);
  }
}
