// The node-webgpu lane as one program for the self-contained bundle (bench/bundle-node-webgpu.ts
// builds it: this file bundled by esbuild, dawn.node, the data files, a Node binary). It reads
// the book's data from files instead of running the data loaders, and writes one JSON file in
// the format of bench/results/*.json (copy it there to put it in docs/benchmarks.md).
//
//   node bench.mjs --dawn dawn.node --data . --out result.json [--models cnn,lstm,transformer]
//     [--batch-sizes 64,256,1024] [--min-seconds 3] [--pytorch cuda|cpu|none] [--lane-backend webgpu|cpu]
//     [--timed-batches 12] [--warmup-batches 5] [--count-batches 2]
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, hostname, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { decodeMnist } from "../components/data/mnist-format.js";
import { loadNames } from "../components/data/names.js";
import type { BenchData } from "../components/bench/throughput.js";
import { laneDefaults, NODE_MODELS, runNodeLane, type NodeLaneOptions, type NodeLaneRun, type NodeModel } from "./node-webgpu.js";

/** The lane's own flags (shared with `npm run bench -- --node-webgpu …`); false for any other. */
export function parseLaneArg(lane: Omit<NodeLaneOptions, "log">, arg: string, value: () => string): boolean {
  const list = () => value().split(",").filter(Boolean);
  if (arg === "--batch-sizes") lane.batchSizes = list().map((b) => positive(b, arg));
  else if (arg === "--min-seconds") lane.minSeconds = Number(value());
  else if (arg === "--count-batches") lane.countBatches = positive(value(), arg);
  else if (arg === "--timed-batches") lane.batches = positive(value(), arg);
  else if (arg === "--warmup-batches") lane.warmupBatches = positive(value(), arg);
  else if (arg === "--pytorch") lane.pytorch = oneOf(value(), ["cuda", "cpu", "none"] as const, arg);
  else if (arg === "--lane-backend") lane.backend = oneOf(value(), ["webgpu", "cpu"] as const, arg);
  else if (arg === "--dawn") lane.dawn = value();
  else return false;
  return true;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} ${text}: expected a positive whole number`);
  return n;
}

function oneOf<T extends string>(text: string, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(text as T)) throw new Error(`${flag} ${text}: expected one of ${allowed.join(", ")}`);
  return text as T;
}

/** The JSON the lane writes: a bench/results file with only its `nodeWebgpu` part. */
export function laneResults(run: NodeLaneRun, command: string) {
  return {
    date: new Date().toISOString(),
    smoke: false,
    commands: { run: command },
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version, host: hostname(), loadAverage: loadavg()[0] },
    nodeWebgpu: run
  };
}

async function main(argv: string[]) {
  const lane: Omit<NodeLaneOptions, "log"> = laneDefaults();
  let data = ".";
  let out = "node-webgpu.json";
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? "";
    if (parseLaneArg(lane, argv[i], value)) continue;
    if (argv[i] === "--data") data = value();
    else if (argv[i] === "--out") out = value();
    else if (argv[i] === "--models") lane.models = value().split(",").map((m) => oneOf(m, NODE_MODELS, "--models") as NodeModel);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  const began = Date.now();
  const log = (message: string) => console.log(`[node-webgpu ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  const source: BenchData = { mnist: await decodeMnist(readFileSync(join(data, "mnist.bin"))), names: await loadNames(readFileSync(join(data, "names.json"), "utf8")) };
  // The command as run.sh takes it (run.sh adds --dawn and --data).
  const command = `run.sh ${argv.filter((_, i) => !["--dawn", "--data"].includes(argv[i]) && !["--dawn", "--data"].includes(argv[i - 1])).join(" ")}`;
  const save = (run: NodeLaneRun) => writeFileSync(out, JSON.stringify(laneResults(run, command), null, 2) + "\n");
  save(await runNodeLane(source, { ...lane, log, onRow: save }));
  log(`wrote ${out}`);
}

if (process.argv[1] && /node-webgpu-main\.ts$|bench\.mjs$/.test(process.argv[1])) {
  // Exit explicitly: Dawn's device keeps Node's event loop alive.
  await main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    }
  );
}
