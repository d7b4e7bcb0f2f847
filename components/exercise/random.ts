// Seeded randomness for per-student variants: a student's seed and an exercise id fix
// that exercise's numbers, so the same ID always sees the same variant and a teacher can
// recompute it later from the seed stored in the progress export (export.ts).
// The generator is the book's mulberry32 (data/synthetic.ts).
import { seededRandom } from "../data/synthetic.js";
import { fnv1a } from "../util/hash.js";

export { seededRandom };
export type Random = () => number;

/** The generator for one exercise of one student; `purpose` separates streams (the
 * parameters shown vs the hidden test cases of a code exercise). */
export function exerciseRandom(studentSeed: number, exerciseId: string, purpose = "params"): Random {
  return seededRandom(fnv1a(`${studentSeed >>> 0}:${exerciseId}:${purpose}`));
}

/** An integer in [low, high], both included. */
export function randomInt(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** A number in [low, high) rounded to `digits` decimals, so it reads well in a question. */
export function randomDecimal(random: Random, low: number, high: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round((low + random() * (high - low)) * scale) / scale;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function randomVector(random: Random, length: number, scale = 1, digits = 2): number[] {
  return Array.from({ length }, () => randomDecimal(random, -scale, scale, digits));
}

export function randomMatrix(random: Random, rows: number, cols: number, scale = 1, digits = 2): number[][] {
  return Array.from({ length: rows }, () => randomVector(random, cols, scale, digits));
}
