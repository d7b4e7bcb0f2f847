// Random search over architectures (5.4 节): draw a new architecture from the space, score it
// with a cheap proxy (the caller's evaluate: e.g. one epoch on a subset), repeat until the
// trial count or the time budget runs out, or the reader presses Stop. Seeded: the same seed
// draws the same architectures in the same order.
import { seededRandom } from "../data/synthetic.js";
import { architectureKey, checkSpace, NasInputError, sampleArchitecture, spaceSize, type Architecture, type SearchSpace } from "./space.js";

export interface Trial<R> {
  architecture: Architecture;
  result: R;
  seconds: number;
}

export interface SearchOptions<R> {
  space: SearchSpace;
  evaluate(architecture: Architecture, index: number): Promise<R>;
  maxTrials: number;
  /** No new trial starts after this many milliseconds (the running one finishes). */
  budgetMs: number;
  seed?: number;
  signal?: AbortSignal;
  onTrial?(trial: Trial<R>, done: number): void;
}

export async function randomSearch<R>({ space, evaluate, maxTrials, budgetMs, seed = 1, signal, onTrial }: SearchOptions<R>): Promise<Trial<R>[]> {
  checkSpace(space);
  if (!Number.isInteger(maxTrials) || maxTrials <= 0) throw new NasInputError(`试验次数必须是正整数，现在是 ${maxTrials}。`);
  if (!(budgetMs > 0)) throw new NasInputError(`时间预算必须大于 0，现在是 ${budgetMs} 毫秒。`);
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const trials: Trial<R>[] = [];
  const start = performance.now();
  const total = Math.min(maxTrials, spaceSize(space));
  while (trials.length < total && performance.now() - start < budgetMs && !signal?.aborted) {
    let architecture = sampleArchitecture(space, random);
    // Redraw duplicates; the space may be small, so give up after a bounded number of draws.
    for (let draws = 0; seen.has(architectureKey(architecture)) && draws < 1000; draws++) architecture = sampleArchitecture(space, random);
    if (seen.has(architectureKey(architecture))) break;
    seen.add(architectureKey(architecture));
    const began = performance.now();
    const result = await evaluate(architecture, trials.length);
    if (signal?.aborted) break; // a proxy cut short is not a score
    const trial = { architecture, result, seconds: (performance.now() - began) / 1000 };
    trials.push(trial);
    onTrial?.(trial, trials.length);
  }
  return trials;
}
