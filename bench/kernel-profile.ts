// Where one training step's time goes on WASM, kernel by kernel, so that each optimisation
// is chosen by a number (issue 24). tf.profile records every kernel the engine runs with its
// time (on WASM a kernel runs synchronously, so kernelTimeMs is its wall time). The book's
// bench page trains through its own loop (bookBench.run), so the steps are found in the
// record: two runs that differ only in the number of timed batches give the kernels per
// step; in the longer run the timed steps are the longest stretch that repeats with that
// period; whole periods of it, first and last left out, are summed by kernel name per step,
// and each kernel's figure is its median over those steps.
import type { Page } from "playwright-core";
import type { BenchRequest } from "../components/bench/throughput.js";
import { median } from "./stats.js";

export interface KernelRecord {
  name: string;
  ms: number;
  /** Not a registered kernel but an op scope around kernels (a customGrad op such as
   * fusedMatMul__op): its time includes theirs, so it is left out of the sums. */
  scope?: boolean;
}

export interface KernelShare {
  name: string;
  /** Calls per step. */
  calls: number;
  msPerStep: number;
  /** Share of all kernel time in the step. */
  share: number;
}

export interface StepProfile {
  kernelsPerStep: number;
  /** Steps summed (a whole number of periods inside the timed part). */
  steps: number;
  /** The sum of the kernels' medians. */
  kernelMsPerStep: number;
  /** Every kernel name, most time first; ms per step is the median over the steps. */
  kernels: KernelShare[];
  /** Op scopes recorded around kernels (not summed), calls per step. */
  scopes: { name: string; calls: number }[];
}

/** Kernels per step from two runs whose only difference is `extraSteps` more timed batches. */
export function kernelsPerStep(shortRun: number, longRun: number, extraSteps: number): number {
  const k = (longRun - shortRun) / extraSteps;
  if (!Number.isInteger(k) || k <= 0) throw new Error(`the runs differ by ${longRun - shortRun} kernels, not a whole number of steps of ${extraSteps}`);
  return k;
}

/** The longest stretch of `names` that repeats with period k: its start and how many whole
 * periods lie inside it. */
export function longestPeriodicStretch(names: readonly string[], k: number): { start: number; periods: number } {
  let best = { start: 0, length: 0 };
  let start = 0;
  for (let i = 0; i + k < names.length; i++) {
    if (names[i] !== names[i + k]) start = i + 1;
    else if (i + 1 - start > best.length) best = { start, length: i + 1 - start };
  }
  // names[i] === names[i + k] on [start, start + length) makes [start, start + length + k) periodic.
  return { start: best.start, periods: best.length ? Math.floor((best.length + k) / k) : 0 };
}

/** Per-step kernel times from the record of a run with several timed steps. */
export function profileSteps(kernels: readonly KernelRecord[], k: number): StepProfile {
  const { start, periods } = longestPeriodicStretch(kernels.map((r) => r.name), k);
  // Leave out the first and last period: the stretch may begin or end a few kernels beyond
  // the timed steps when neighbouring kernels happen to have the same names.
  const steps = periods - 2;
  if (steps < 1) throw new Error(`only ${periods} repeating steps of ${k} kernels found`);
  // Per step and kernel name, then the median over steps: on a shared machine one kernel
  // call now and then is preempted for tens of milliseconds, which a mean would spread over
  // the step's figures.
  const perStep = Array.from({ length: steps }, (_, i) => kernels.slice(start + (i + 1) * k, start + (i + 2) * k));
  const names = [...new Set(perStep.flat().filter((r) => !r.scope).map((r) => r.name))];
  const msOf = (step: readonly KernelRecord[], name: string) => step.reduce((sum, r) => (r.name === name && !r.scope ? sum + r.ms : sum), 0);
  const rows = names.map((name) => ({ name, calls: perStep[0].filter((r) => r.name === name).length, msPerStep: median(perStep.map((step) => msOf(step, name))) }));
  const total = rows.reduce((sum, r) => sum + r.msPerStep, 0);
  const scopes = [...new Set(perStep[0].filter((r) => r.scope).map((r) => r.name))];
  return {
    kernelsPerStep: k,
    steps,
    kernelMsPerStep: total,
    kernels: rows.map((r) => ({ ...r, share: total > 0 ? r.msPerStep / total : 0 })).sort((a, b) => b.msPerStep - a.msPerStep),
    scopes: scopes.map((name) => ({ name, calls: perStep[0].filter((r) => r.name === name).length }))
  };
}

/** The bench page's own tfjs module (the bundle the page imported), loaded again by URL:
 * the same module instance, so tf.profile sees the page's engine. */
export const PAGE_TF = `(() => {
  const url = performance.getEntriesByType("resource").map((e) => e.name).find((n) => /\\/_node\\/@book\\/tf@[^/]+\\/.*\\.js$/.test(n));
  if (!url) throw new Error("the page loaded no @book/tf module");
  return import(url);
})()`;

/** Profiles `steps` and `steps + extra` timed batches of `request` on the open bench page. */
export async function profileOnPage(page: Page, request: BenchRequest, steps = 4, extra = 8): Promise<StepProfile> {
  const runs = await page.evaluate(
    async ({ request, lengths, pageTf }) => {
      const tf = await (0, eval)(pageTf);
      const bench = (window as unknown as { bookBench: { run(r: unknown): Promise<unknown> } }).bookBench;
      const records: { name: string; ms: number }[][] = [];
      for (const batches of lengths) {
        const info = await tf.profile(() => bench.run({ ...request, batches, minSeconds: 0, countBatches: 0 }));
        const backend = tf.getBackend();
        records.push(info.kernels.map((k: { name: string; kernelTimeMs: unknown }) => ({ name: k.name, ms: typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : NaN, scope: !tf.getKernel(k.name, backend) })));
      }
      return records;
    },
    { request, lengths: [steps, steps + extra], pageTf: PAGE_TF }
  );
  return profileSteps(runs[1], kernelsPerStep(runs[0].length, runs[1].length, extra));
}
