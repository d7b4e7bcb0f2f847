// The load generator's plan (第7章 7.2): when each request is sent. Bounded on purpose:
// a reader's typo (100000 req/s for an hour) must not freeze the tab.
import { seededRandom } from "../data/synthetic.js";

export const MAX_RATE = 2000;
export const MAX_DURATION_S = 60;

export interface LoadOptions {
  /** Requests per second. */
  rate: number;
  durationS: number;
  /** "steady": evenly spaced; "poisson": independent arrivals (exponential gaps), seeded. */
  pattern?: "steady" | "poisson";
  seed?: number;
}

/** Checks the reader's numbers; a Chinese RangeError says which is out of bounds. */
export function checkLoadOptions({ rate, durationS }: LoadOptions): void {
  if (!(Number.isFinite(rate) && rate > 0 && rate <= MAX_RATE)) throw new RangeError(`请求速率必须在 0–${MAX_RATE} 次/秒之间，收到 ${rate}`);
  if (!(Number.isFinite(durationS) && durationS > 0 && durationS <= MAX_DURATION_S)) throw new RangeError(`持续时间必须在 0–${MAX_DURATION_S} 秒之间，收到 ${durationS}`);
}

/** Send times in ms from the start, ascending, all before durationS. */
export function loadSchedule(options: LoadOptions): number[] {
  checkLoadOptions(options);
  const { rate, durationS, pattern = "poisson", seed = 7 } = options;
  const end = durationS * 1000;
  const gap = 1000 / rate;
  const times: number[] = [];
  if (pattern === "steady") {
    for (let t = 0; t < end; t += gap) times.push(t);
    return times;
  }
  const random = seededRandom(seed);
  for (let t = -Math.log(1 - random()) * gap; t < end; t += -Math.log(1 - random()) * gap) times.push(t);
  return times;
}
