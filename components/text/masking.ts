// BERT's masked-language-model corruption (3.6): choose 15% of the real tokens as
// prediction targets; of those, 80% become [MASK], 10% a random token, 10% stay as they are
// (so the model cannot assume that a visible token is never a target). Seeded.

export interface MaskedBatch {
  /** The corrupted ids the model reads. */
  input: number[][];
  /** The original ids (what the model must predict). */
  targets: number[][];
  /** 1 at target positions, 0 elsewhere: the loss counts only these. */
  weights: number[][];
}

export interface MaskingOptions {
  maskId: number;
  /** Random replacements are drawn from [firstToken, vocabSize). */
  firstToken: number;
  vocabSize: number;
  /** Ids that are never targets (padding, [CLS]…). */
  skip?: Set<number>;
  rate?: number;
  random: () => number;
}

export function maskTokens(rows: number[][], { maskId, firstToken, vocabSize, skip = new Set([0]), rate = 0.15, random }: MaskingOptions): MaskedBatch {
  const input: number[][] = [];
  const weights: number[][] = [];
  for (const row of rows) {
    const corrupted = [...row];
    const chosen = row.map((id) => !skip.has(id) && random() < rate);
    // Every sequence with a real token gets at least one target, so no batch row is wasted.
    if (!chosen.some(Boolean)) {
      const real = row.flatMap((id, i) => (skip.has(id) ? [] : [i]));
      if (real.length) chosen[real[Math.floor(random() * real.length)]] = true;
    }
    chosen.forEach((isTarget, i) => {
      if (!isTarget) return;
      const r = random();
      if (r < 0.8) corrupted[i] = maskId;
      else if (r < 0.9) corrupted[i] = firstToken + Math.floor(random() * (vocabSize - firstToken));
    });
    input.push(corrupted);
    weights.push(chosen.map((c) => (c ? 1 : 0)));
  }
  return { input, targets: rows.map((r) => [...r]), weights };
}

export interface MaskingCounts {
  /** Tokens that could be targets (not in `skip`). */
  real: number;
  targets: number;
  masked: number;
  /** Replaced by a different token. A random draw of the same token counts as unchanged. */
  replaced: number;
  unchanged: number;
}

/** What maskTokens did to a batch: the figures 3.6 compares with 15% and 80/10/10. */
export function maskingCounts(rows: number[][], batch: MaskedBatch, maskId: number, skip = new Set([0])): MaskingCounts {
  const counts: MaskingCounts = { real: 0, targets: 0, masked: 0, replaced: 0, unchanged: 0 };
  rows.forEach((row, r) =>
    row.forEach((id, i) => {
      if (skip.has(id)) return;
      counts.real++;
      if (!batch.weights[r][i]) return;
      counts.targets++;
      const seen = batch.input[r][i];
      if (seen === maskId) counts.masked++;
      else if (seen === id) counts.unchanged++;
      else counts.replaced++;
    })
  );
  return counts;
}
