// How similar two sinusoidal positional encodings (attention.ts) are, as a function of their
// distance k (3.5): PE_pos · PE_{pos+k} = Σ_i [sin(pos ω_i) sin((pos+k) ω_i) + cos(…) cos(…)]
// = Σ_i cos(k ω_i), ω_i = 1 / 10000^{2i/d}. It depends on k only, is largest (d/2) at k = 0
// and falls overall, but not monotonically: each term is a cosine, and the fast ones swing
// back (d = 32: k = 4 → 11.66, k = 6 → 11.89).

/** [k, PE_pos · PE_{pos+k}] for k = 0 … maxDistance (d even). */
export function peDotByDistance(d: number, maxDistance: number): { distance: number; dot: number }[] {
  return Array.from({ length: maxDistance + 1 }, (_, k) => {
    let dot = 0;
    for (let i = 0; 2 * i < d; i++) dot += Math.cos(k / Math.pow(10000, (2 * i) / d));
    return { distance: k, dot };
  });
}

/** Distances k ≥ 1 where the dot product is larger than at k − 1: where "closer is larger" fails. */
export function nonMonotoneDistances(d: number, maxDistance: number): number[] {
  const dots = peDotByDistance(d, maxDistance);
  return dots.filter((p, k) => k > 0 && p.dot > dots[k - 1].dot).map((p) => p.distance);
}
