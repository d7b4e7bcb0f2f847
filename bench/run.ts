// `npm run bench`: how fast the book trains in this machine's browser, against PyTorch on
// the same CPU, plus engine overhead, page weight and build time. Writes
// bench/results/<date>T<time>.json and regenerates docs/benchmarks.md (the book's 性能实测 page reads
// the newest JSON). Nothing here is a test: timings are recorded, never asserted.
//
//   npm run bench                       everything (about 10 minutes on 2 cores, no GPU)
//   npm run bench -- --only training    one part: build, training, overhead, pages, chapter
//   npm run bench -- --backend wasm     one backend (repeatable)
//   npm run bench -- --model lstm       one model: cnn (3.2), lstm (3.3), transformer (3.5)
//   npm run bench -- --only chapter --chapters 3.5,3.6   some chapters' default runs (3.2–3.6)
//   npm run bench -- --no-isolation     serve without COOP/COEP (WASM on one thread)
//   npm run bench -- --only training --rigorous   WASM vs PyTorch at equal threads (1 and 2),
//       ≥ 3 s per measurement, 5 repetitions interleaved, ratios' median and range, and a
//       per-kernel profile of one WASM step (bench/rigorous.ts; 8–14 minutes on the shared,
//       loaded 2-core box; not yet timed on an idle one)
//       [--repetitions 5] [--threads 1,2] [--model …]
//   npm run bench -- --smoke            a tiny run for the tests (no build, small model, 2 batches)
//   npm run bench -- --max-minutes 20   skip what would start after this bound
//   npm run bench -- --node-webgpu      only the WebGPU lane in Node over Dawn (bench/node-webgpu.ts)
//       [--batch-sizes 64,256,1024] [--min-seconds 3] [--pytorch cuda|cpu|none] [--model …]
//       needs a Vulkan adapter (a GPU driver, or Mesa ≥ 25's lavapipe through VK_DRIVER_FILES)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, platform, release, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../site/chromium.js";
import { staleBuild } from "./stale-build.js";
import { benchFolderFor } from "../site/bench-pages.js";
import { serveStatic } from "../site/static-server.js";
import { decodeMnist } from "../components/data/mnist-format.js";
import type { BenchRequest } from "../components/bench/throughput.js";
import { ALL_BACKENDS, describeBrowser, measureOn, measurePages, type Backend, type TrainingRow } from "./parts.js";
import { CHAPTERS, runAttentionChapters, runCnnChapter, runRnnChapter, type ChapterRun } from "./chapters.js";
import { chapterPlugins, runChapterPlugin } from "./chapter-plugins.js";
import { runPytorch } from "./pytorch.js";
import { loadNames } from "../components/data/names.js";
import { writeReport, type BenchResults } from "./report.js";
import { laneDefaults, runNodeLane, type NodeLaneOptions } from "./node-webgpu.js";
import { laneResults, parseLaneArg } from "./node-webgpu-main.js";
import { blockOutsideRequests } from "../site/offline-guard.js";
import { runRigorous } from "./rigorous.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PARTS = ["build", "training", "overhead", "pages", "chapter"] as const;
type Part = (typeof PARTS)[number];
const MODELS = ["cnn", "lstm", "transformer"] as const;
type Model = (typeof MODELS)[number];

export interface BenchOptions {
  only: Part[];
  backends: Backend[];
  models: Model[];
  /** Which chapters' default runs the chapter part presses (3.2–3.6, and one per file in bench/chapters/). */
  chapters: string[];
  smoke: boolean;
  /** Serve with COOP/COEP (threads for WASM); --no-isolation measures without. */
  isolation: boolean;
  maxMinutes: number;
  out?: string;
  report: boolean;
  /** --node-webgpu: run the Node + Dawn lane instead of the browser parts. */
  nodeWebgpu: boolean;
  lane: Omit<NodeLaneOptions, "log" | "onRow">;
  /** --rigorous: the training part compares WASM with PyTorch at equal threads, repeated and interleaved (bench/rigorous.ts). */
  rigorous: boolean;
  repetitions: number;
  threads: number[];
}

export function parseArgs(argv: string[]): BenchOptions {
  const allChapters = [...CHAPTERS, ...chapterPlugins()];
  const options: BenchOptions = { only: [...PARTS], backends: [...ALL_BACKENDS], models: [...MODELS], chapters: allChapters, smoke: false, isolation: true, maxMinutes: 25, report: true, nodeWebgpu: false, lane: laneDefaults(), rigorous: false, repetitions: 5, threads: cpus().length >= 2 ? [1, 2] : [1] };
  const models: Model[] = [];
  const only: Part[] = [];
  const backends: Backend[] = [];
  const chapters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? "";
    if (parseLaneArg(options.lane, arg, value)) continue;
    if (arg === "--only") for (const p of value().split(",")) only.push(check(p, PARTS, "--only"));
    else if (arg === "--backend") for (const b of value().split(",")) backends.push(check(b, ALL_BACKENDS, "--backend"));
    else if (arg === "--model") for (const m of value().split(",")) models.push(check(m, MODELS, "--model"));
    else if (arg === "--chapters") for (const c of value().split(",")) chapters.push(check(c, allChapters, "--chapters"));
    else if (arg === "--smoke") options.smoke = true;
    else if (arg === "--no-isolation") options.isolation = false;
    else if (arg === "--max-minutes") options.maxMinutes = Number(value());
    else if (arg === "--out") options.out = value();
    else if (arg === "--no-report") options.report = false;
    else if (arg === "--node-webgpu") options.nodeWebgpu = true;
    else if (arg === "--rigorous") options.rigorous = true;
    else if (arg === "--repetitions") options.repetitions = wholeNumber(value(), arg);
    else if (arg === "--threads") options.threads = value().split(",").map((t) => wholeNumber(t, arg));
    else throw new Error(`unknown option ${arg}（可用：--only ${PARTS.join(",")}、--backend ${ALL_BACKENDS.join(",")}、--model ${MODELS.join(",")}、--chapters ${allChapters.join(",")}、--smoke、--no-isolation、--rigorous [--repetitions N --threads 1,2]、--max-minutes N、--out FILE、--no-report；--node-webgpu 及其 --batch-sizes、--min-seconds、--pytorch、--timed-batches、--count-batches）`);
  }
  if (only.length) options.only = only;
  if (backends.length) options.backends = backends;
  if (models.length) options.models = models;
  if (models.length) options.lane.models = models;
  if (chapters.length) options.chapters = chapters;
  if (options.smoke) {
    if (!only.length) options.only = ["training", "overhead", "pages"];
    if (!backends.length) options.backends = ["wasm"];
    if (!models.length) options.models = ["cnn"];
    options.report = false;
  }
  return options;
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} ${value}: expected a whole number ≥ 1`);
  return n;
}

function check<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(value as T)) throw new Error(`${flag} ${value}: expected one of ${allowed.join(", ")}`);
  return value as T;
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const began = Date.now();
  const log = (message: string) => console.log(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  const overTime = () => (Date.now() - began) / 60_000 > options.maxMinutes;
  const skipped: string[] = [];
  const wants = (part: Part) => {
    if (!options.only.includes(part)) return false;
    if (overTime()) {
      skipped.push(`${part}（超过 ${options.maxMinutes} 分钟的上限）`);
      log(`skipping ${part}: over --max-minutes ${options.maxMinutes}`);
      return false;
    }
    return true;
  };
  const requestFor = (model: Model): BenchRequest =>
    options.smoke ? { model, size: "small", batchSize: 16, warmupBatches: 1, batches: 2, countBatches: 1 } : { model, size: "full", batchSize: 64, warmupBatches: 3, batches: model === "cnn" ? 8 : 12, countBatches: 2 };
  const requests = Object.fromEntries(options.models.map((m) => [m, requestFor(m)])) as Record<string, BenchRequest>;
  const results: BenchResults = {
    date: new Date().toISOString(),
    smoke: options.smoke,
    commands: { run: `npm run bench${process.argv.slice(2).length ? " -- " + process.argv.slice(2).join(" ") : ""}` },
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version, browser: "", userAgent: "", adapter: "", adapterIsSoftware: false, crossOriginIsolated: false, defaultBackend: "" },
    requests,
    build: null,
    training: [],
    reference: {},
    overhead: null,
    pages: [],
    chapters: [],
    skipped
  };
  if (wants("build")) {
    log("building the site…");
    const start = Date.now();
    const build = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "build.ts")], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) throw new Error("the build failed");
    results.build = { seconds: (Date.now() - start) / 1000 };
    log(`build: ${results.build.seconds.toFixed(1)} s`);
  }
  const stale = wants("build") || options.smoke || options.nodeWebgpu ? null : staleBuild(root);
  if (stale) throw new Error(stale);
  const server = await serveStatic(join(root, "dist"), { base: "/book/", isolate: options.isolation, overlays: [benchFolderFor(join(root, "dist"))] });
  const browser = await launchBrowser();
  const context = await browser.newContext();
  await blockOutsideRequests(context);
  try {
    results.machine = { ...results.machine, browser: browser.version(), ...(await describeBrowser(context, server.url)) };
    log(`browser ${results.machine.browser}, adapter "${results.machine.adapter}" (${results.machine.adapterIsSoftware ? "software" : "hardware"}), default backend ${results.machine.defaultBackend}`);
    if (options.rigorous && wants("training")) {
      const smoke = options.smoke;
      results.rigorous = await runRigorous(context, join(root, "dist"), [benchFolderFor(join(root, "dist"))], await loadBenchData(), { models: options.models, threads: options.threads, repetitions: options.repetitions, minSeconds: smoke ? 0.3 : 3, smoke, profile: true, log });
    } else if (wants("training")) {
      const data = await loadBenchData();
      for (const model of options.models) {
        const request = requests[model];
        for (const backend of options.backends) {
          if (overTime()) {
            skipped.push(`training ${model} on ${backend}`);
            continue;
          }
          log(`training the ${request.size} ${model} on ${backend}: ${request.warmupBatches} warm-up + ${request.batches} batches of ${request.batchSize}…`);
          const row: TrainingRow = await measureOn(context, server.url, backend, request).catch((error: Error) => ({ model, backend, skipped: error.message.split("\n")[0] }));
          results.training.push(row);
          log("skipped" in row ? `  ${backend}: skipped (${row.skipped})` : `  ${backend}: ${row.samplesPerSecond.toFixed(1)} samples/s, peak ${row.peakTensors} tensors / ${(row.peakBytes / 2 ** 20).toFixed(1)} MiB`);
        }
        log(`PyTorch reference for ${model} on the CPU…`);
        const reference = await runPytorch(data, request);
        results.reference![model] = reference;
        log(reference.available ? `  PyTorch ${reference.torch} (${reference.threads} threads): ${reference.samplesPerSecond.toFixed(1)} samples/s` : `  ${reference.reason}`);
      }
    }
    if (wants("overhead")) {
      const backend: Backend = options.backends.includes("wasm") ? "wasm" : options.backends[0];
      log(`engine overhead on ${backend}: bare page vs book cell…`);
      const request = requestFor("cnn");
      const bare = await measureOn(context, server.url, backend, request, "bare");
      const cell = await measureOn(context, server.url, backend, request, "cell");
      if (!("skipped" in bare) && !("skipped" in cell)) {
        results.overhead = { backend, bareSamplesPerSecond: bare.samplesPerSecond, cellSamplesPerSecond: cell.samplesPerSecond, ratio: bare.samplesPerSecond / cell.samplesPerSecond };
        log(`  bare ${bare.samplesPerSecond.toFixed(1)}, cell ${cell.samplesPerSecond.toFixed(1)} samples/s → ratio ${results.overhead.ratio.toFixed(3)}`);
      } else skipped.push(`overhead on ${backend}`);
    }
    if (wants("pages")) {
      log("page weight and first paint…");
      results.pages = await measurePages(context, server.url, options.smoke ? ["index", "ch3-2-cnn"] : undefined);
      const heaviest = results.pages.filter((p) => !p.loadsTfjs).sort((a, b) => b.jsBytes - a.jsBytes)[0];
      if (heaviest) log(`  heaviest page without tfjs: ${heaviest.page}, ${(heaviest.jsBytes / 1024).toFixed(1)} KB of JS`);
    }
    if (wants("chapter")) {
      const record = (run: ChapterRun) => {
        results.chapters.push(run);
        log(`  ${run.chapter} on ${run.backend}: ${run.trainImages} × ${run.epochs} epochs in ${run.seconds.toFixed(0)} s${Number.isFinite(run.testAccuracy) ? ` → ${(run.testAccuracy * 100).toFixed(1)}%` : ""}${run.notes ? ` — ${run.notes}` : ""}`);
      };
      const chapters = options.smoke ? ["3.2"] : options.chapters;
      if (chapters.includes("3.2")) {
        log("3.2's default training as a reader runs it (开始训练 → test accuracy)…");
        record(await runCnnChapter(context, server.url, null, options.smoke));
      }
      if (chapters.includes("3.3")) {
        log("3.3's default runs (name classifier, generator, remember-first)…");
        (await runRnnChapter(context, server.url, null)).forEach(record);
      }
      if (chapters.some((c) => ["3.4", "3.5", "3.6"].includes(c))) {
        log("3.4–3.6's default runs (spam classifier, Transformer reversal, masked LM)…");
        (await runAttentionChapters(context, server.url, chapters)).forEach(record);
      }
      for (const id of chapterPlugins().filter((c) => chapters.includes(c))) {
        log(`${id}'s default runs (bench/chapters/${id}.ts)…`);
        (await runChapterPlugin(id, context, server.url)).forEach(record);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const out = options.out ?? join(root, "bench", "results", `${results.date.slice(0, 16).replace(":", "-")}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  log(`wrote ${out}`);
  if (options.report) log(`wrote ${writeReport(root)}`);
  return results;
}

/** The book's data as the data loaders make it (what the pages load). */
async function loadBenchData() {
  return {
    mnist: await decodeMnist(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "mnist.bin.ts")], { cwd: root, maxBuffer: 64 << 20 })),
    names: await loadNames(execFileSync(process.execPath, ["--import", "tsx", join(root, "data", "names.json.ts")], { cwd: root, encoding: "utf8" }))
  };
}

/** `npm run bench -- --node-webgpu`: the lane's JSON in bench/results, then the report. */
export async function runNodeWebgpuBench(options: BenchOptions): Promise<ReturnType<typeof laneResults>> {
  const began = Date.now();
  const log = (message: string) => console.log(`[bench node-webgpu ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`;
  const out = options.out ?? join(root, "bench", "results", `${new Date().toISOString().slice(0, 16).replace(":", "-")}-node-${options.lane.backend}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const save = (run: Parameters<typeof laneResults>[0]) => {
    const results = laneResults(run, command);
    writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
    return results;
  };
  const results = save(await runNodeLane(await loadBenchData(), { ...options.lane, log, onRow: save }));
  log(`wrote ${out}`);
  if (options.report) log(`wrote ${writeReport(root)}`);
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  if (options.nodeWebgpu) {
    // Dawn's device keeps Node's event loop alive: exit once the results are written.
    await runNodeWebgpuBench(options).then(
      () => process.exit(0),
      (error: Error) => {
        console.error(error.message);
        process.exit(1);
      }
    );
  } else await runBench(options);
}
