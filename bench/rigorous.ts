// `npm run bench -- --only training --rigorous`: WASM in the browser against PyTorch on the
// CPU with the same threads on both sides, each measurement ≥ 3 s of timed training after a
// warm-up, ≥ 5 repetitions taken in turn (WASM, PyTorch, WASM, PyTorch…), and the ratio of
// each adjacent pair summarised by its median and range (bench/stats.ts). Then a per-kernel
// profile of one WASM training step (bench/kernel-profile.ts). Issue 24.
//
// Threads: one thread is WASM served without cross-origin isolation (no SharedArrayBuffer,
// so tfjs loads its single-threaded binary) against torch.set_num_threads(1); two threads
// is WASM with COOP/COEP (tfjs's threaded binary) against torch.set_num_threads(2). tfjs
// sizes XNNPACK's pool as navigator.hardwareConcurrency / 2 (it assumes two hardware
// threads per core; tfjs-backend-wasm's backend.cc), capped at that even when asked for
// more: on a 2-core machine its threaded binary runs one thread. So the lane at t > 1
// threads tells the page hardwareConcurrency = 2t (DevTools' emulation, before the page
// loads). Both sides' thread counts are read back, not assumed; the unemulated count is
// recorded too.
import type { BrowserContext, Page } from "playwright-core";
import { loadavg } from "node:os";
import type { BenchData, BenchRequest, ThroughputResult } from "../components/bench/throughput.js";
import { serveStatic } from "../site/static-server.js";
import { openOn } from "./parts.js";
import { PytorchSession } from "./pytorch.js";
import { interleave, pairedRatios, summarizeRatios, type RatioSummary } from "./stats.js";
import { PAGE_TF, profileOnPage, type StepProfile } from "./kernel-profile.js";

export type RigorousModel = "cnn" | "lstm" | "transformer";

/** Issue 24's targets for WASM ÷ PyTorch training throughput at equal threads. */
export const TARGETS: Record<RigorousModel, number> = { lstm: 0.7, transformer: 1.0, cnn: 1.5 };

export interface RigorousOptions {
  models: RigorousModel[];
  /** Thread counts to compare at (2 only where the machine has ≥ 2 cores). */
  threads: number[];
  repetitions: number;
  minSeconds: number;
  smoke: boolean;
  profile: boolean;
  log: (message: string) => void;
}

export interface RigorousSample {
  side: "wasm" | "pytorch";
  repetition: number;
  samplesPerSecond: number;
  /** Timed batches (the warm-up excluded). */
  batches: number;
  firstLoss: number;
  lastLoss: number;
  threads: number;
}

export interface RigorousLane {
  model: RigorousModel;
  /** The thread count asked for; wasmThreads / pytorchThreads are what each side reported. */
  threads: number;
  wasmThreads: number;
  pytorchThreads: number;
  crossOriginIsolated: boolean;
  torch: string;
  request: BenchRequest;
  samples: RigorousSample[];
  ratio: RatioSummary;
  /** One WASM training step, kernel by kernel (at this thread count). */
  profile?: StepProfile | { error: string };
}

export interface RigorousRun {
  /** `uptime`'s load averages (1, 5, 15 min) before and after: the machine is shared. */
  loadBefore: number[];
  loadAfter: number[];
  seconds: number;
  repetitions: number;
  minSeconds: number;
  lanes: RigorousLane[];
  skipped: string[];
  /** What tfjs's threaded WASM uses here without emulation: navigator.hardwareConcurrency
   * and XNNPACK's threads on a cross-origin-isolated page. */
  isolatedDefault?: { hardwareConcurrency: number; threads: number };
}

/** What the page's tfjs runs on: backend, isolation and XNNPACK's thread count as the WASM
 * module reports it (tfjs-backend-wasm's getThreadsCount reads the same number; @book/tf
 * does not re-export it, so it is read from the backend's module). */
async function readBack(page: Page): Promise<{ backend: string; crossOriginIsolated: boolean; threads: number; hardwareConcurrency: number }> {
  await page.locator('[data-output="bench-ready"]').waitFor({ timeout: 120_000 });
  return page.evaluate(async (pageTf) => {
    const tf = await (0, eval)(pageTf);
    const backend = tf.backend() as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
    return { backend: tf.getBackend(), crossOriginIsolated: self.crossOriginIsolated, threads: backend.wasm?.tfjs?.getThreadsCount?.() ?? NaN, hardwareConcurrency: navigator.hardwareConcurrency };
  }, PAGE_TF);
}

/** The bench page on WASM; at t > 1 threads with hardwareConcurrency emulated as 2t. */
async function openBench(context: BrowserContext, siteUrl: string, threads: number): Promise<Page> {
  const emulate = async (page: Page) => {
    const session = await context.newCDPSession(page);
    await session.send("Emulation.setHardwareConcurrencyOverride", { hardwareConcurrency: 2 * threads });
  };
  return openOn(context, siteUrl + "bench.html", "wasm", false, threads > 1 ? emulate : undefined);
}

export function rigorousRequest(model: RigorousModel, smoke: boolean, minSeconds: number): BenchRequest {
  // 8 timed batches per fit() call (512 samples), repeated until minSeconds have passed; few
  // enough that a slow, loaded run still stops soon after minSeconds.
  return smoke ? { model, size: "small", batchSize: 16, warmupBatches: 1, batches: 4, minSeconds } : { model, size: "full", batchSize: 64, warmupBatches: 3, batches: 8, minSeconds };
}

export async function runRigorous(context: BrowserContext, distFolder: string, overlays: string[], data: BenchData, options: RigorousOptions): Promise<RigorousRun> {
  const began = Date.now();
  const { log } = options;
  const run: RigorousRun = { loadBefore: loadavg(), loadAfter: [], seconds: 0, repetitions: options.repetitions, minSeconds: options.minSeconds, lanes: [], skipped: [] };
  log(`rigorous training comparison; load averages ${run.loadBefore.map((l) => l.toFixed(2)).join(", ")}`);
  const pytorch = PytorchSession.start();
  if ("reason" in pytorch) throw new Error(pytorch.reason);
  try {
    for (const threads of options.threads) {
      const server = await serveStatic(distFolder, { base: "/book/", isolate: threads > 1, overlays });
      if (threads > 1 && !run.isolatedDefault) {
        const plain = await openOn(context, server.url + "bench.html", "wasm");
        const { hardwareConcurrency, threads: used } = await readBack(plain);
        run.isolatedDefault = { hardwareConcurrency, threads: used };
        log(`cross-origin isolated, no emulation: hardwareConcurrency ${hardwareConcurrency}, WASM threads ${used}`);
        await plain.close();
      }
      const page = await openBench(context, server.url, threads);
      try {
        const info = await readBack(page);
        log(`${threads} thread(s): page backend ${info.backend}, crossOriginIsolated=${info.crossOriginIsolated}, WASM threads ${info.threads}`);
        if (info.backend !== "wasm") {
          run.skipped.push(`${threads} 线程：页面的后端是 ${info.backend}，不是 wasm`);
          continue;
        }
        for (const model of options.models) {
          const request = rigorousRequest(model, options.smoke, options.minSeconds);
          const samples: RigorousSample[] = [];
          let torch = "";
          for (const { side, repetition } of interleave("wasm", "pytorch", options.repetitions)) {
            if (side === "wasm") {
              const r = await page.evaluate((req) => (window as unknown as { bookBench: { run(r: unknown): Promise<ThroughputResult> } }).bookBench.run(req), request);
              samples.push({ side, repetition, samplesPerSecond: r.samplesPerSecond, batches: r.batches, firstLoss: r.firstLoss, lastLoss: r.lastLoss, threads: info.threads });
            } else {
              const r = await pytorch.measure(data, request, { threads, sameSamples: true });
              if (!r.available) throw new Error(r.reason);
              torch = r.torch;
              samples.push({ side, repetition, samplesPerSecond: r.samplesPerSecond, batches: r.batches ?? NaN, firstLoss: r.firstLoss, lastLoss: r.lastLoss, threads: r.threads });
            }
            const s = samples.at(-1)!;
            log(`  ${model} ${threads}T #${repetition + 1} ${side.padEnd(7)} ${s.samplesPerSecond.toFixed(0).padStart(6)} samples/s (${s.threads} threads, loss ${s.firstLoss.toFixed(3)} → ${s.lastLoss.toFixed(3)})`);
          }
          const of = (side: RigorousSample["side"]) => samples.filter((s) => s.side === side).map((s) => s.samplesPerSecond);
          const ratio = summarizeRatios(pairedRatios(of("wasm"), of("pytorch")), TARGETS[model]);
          log(`  ${model} ${threads}T: WASM/PyTorch median ${(ratio.median * 100).toFixed(0)}% (${(ratio.min * 100).toFixed(0)}–${(ratio.max * 100).toFixed(0)}%), target ${TARGETS[model] * 100}% → ${ratio.verdict}`);
          const pytorchThreads = samples.find((s) => s.side === "pytorch")?.threads ?? NaN;
          run.lanes.push({ model, threads, wasmThreads: info.threads, pytorchThreads, crossOriginIsolated: info.crossOriginIsolated, torch, request, samples, ratio });
        }
        if (options.profile)
          for (const lane of run.lanes.filter((l) => l.threads === threads)) {
            lane.profile = await profileOnPage(page, { ...lane.request, warmupBatches: 2 }).catch((error: Error) => ({ error: error.message.split("\n")[0] }));
            log("error" in lane.profile ? `  profile ${lane.model}: ${lane.profile.error}` : `  profile ${lane.model} ${threads}T: ${lane.profile.kernelsPerStep} kernels, ${lane.profile.kernelMsPerStep.toFixed(1)} ms in kernels per step; top ${lane.profile.kernels.slice(0, 3).map((k) => `${k.name} ${(k.share * 100).toFixed(0)}%`).join(", ")}`);
          }
      } finally {
        await page.close();
        await server.close();
      }
    }
  } finally {
    pytorch.close();
  }
  run.loadAfter = loadavg();
  run.seconds = (Date.now() - began) / 1000;
  log(`rigorous comparison done in ${run.seconds.toFixed(0)} s; load averages ${run.loadAfter.map((l) => l.toFixed(2)).join(", ")}`);
  return run;
}
