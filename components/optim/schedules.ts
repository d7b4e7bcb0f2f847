// Learning-rate schedules of 第4章 4.6: each is a function from the step t (0-based) to η_t,
// for a run of `total` steps. All are pure, so tests check them at known steps and the page
// plots them beside the training they drive.
//   constant        η_t = η
//   step            η_t = η · γ^⌊t / k⌋
//   exponential     η_t = η · γ^{t / T}   (γ is the factor reached at the end)
//   cosine          η_t = η_min + ½ (η − η_min)(1 + cos(π t / T))
//   warm-up+cosine  linear from 0 to η over w steps, then cosine over the remaining T − w
//   one-cycle       linear η/d → η over the first 30%, then cosine down to η/(d·100)
export type Schedule = (t: number) => number;

export interface ScheduleOptions {
  lr: number;
  total: number;
}

function check({ lr, total }: ScheduleOptions): void {
  if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`学习率必须是正的有限数，收到 ${lr}`);
  if (!(Number.isInteger(total) && total >= 1)) throw new Error(`总步数必须是正整数，收到 ${total}`);
}

export function constant(options: ScheduleOptions): Schedule {
  check(options);
  return () => options.lr;
}

export function stepDecay(options: ScheduleOptions & { every: number; gamma?: number }): Schedule {
  check(options);
  const { lr, every, gamma = 0.1 } = options;
  if (!(Number.isInteger(every) && every >= 1)) throw new Error(`衰减间隔必须是正整数，收到 ${every}`);
  return (t) => lr * gamma ** Math.floor(t / every);
}

export function exponential(options: ScheduleOptions & { finalFactor?: number }): Schedule {
  check(options);
  const { lr, total, finalFactor = 0.01 } = options;
  return (t) => lr * finalFactor ** (t / total);
}

export function cosine(options: ScheduleOptions & { minLr?: number }): Schedule {
  check(options);
  const { lr, total, minLr = 0 } = options;
  return (t) => minLr + 0.5 * (lr - minLr) * (1 + Math.cos((Math.PI * Math.min(t, total)) / total));
}

export function warmupCosine(options: ScheduleOptions & { warmup: number; minLr?: number }): Schedule {
  check(options);
  const { lr, total, warmup, minLr = 0 } = options;
  if (!(Number.isInteger(warmup) && warmup >= 0 && warmup < total)) throw new Error(`预热步数必须是 0 到 ${total - 1} 之间的整数，收到 ${warmup}`);
  const decay = cosine({ lr, total: total - warmup, minLr });
  return (t) => (t < warmup ? (lr * (t + 1)) / warmup : decay(t - warmup));
}

export function oneCycle(options: ScheduleOptions & { divFactor?: number; rise?: number }): Schedule {
  check(options);
  const { lr, total, divFactor = 25, rise = 0.3 } = options;
  const up = Math.max(1, Math.round(total * rise));
  const start = lr / divFactor;
  const end = start / 100;
  const down = cosine({ lr, total: Math.max(1, total - up), minLr: end });
  return (t) => (t < up ? start + ((lr - start) * t) / up : down(t - up));
}

/** The schedules of the page, by name, for a run of `total` steps peaking at `lr`. */
export function bookSchedules(lr: number, total: number): [string, Schedule][] {
  return [
    ["常数", constant({ lr, total })],
    ["阶梯（每 1/3 乘 0.1）", stepDecay({ lr, total, every: Math.max(1, Math.ceil(total / 3)) })],
    ["指数（到 1%）", exponential({ lr, total })],
    ["余弦", cosine({ lr, total })],
    ["预热 10% + 余弦", warmupCosine({ lr, total, warmup: Math.floor(total / 10) })],
    ["单周期", oneCycle({ lr, total })]
  ];
}
