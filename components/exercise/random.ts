// Seeded randomness for per-student variants: a student's seed and an exercise id fix
// that exercise's numbers, so the same ID always sees the same variant and a teacher can
// recompute it later from the seed stored in the progress export (export.ts).
import { fnv1a } from "../util/hash.js";

export type Random = () => number;

/** mulberry32: small, fast, good enough for exercise parameters (not for cryptography). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
