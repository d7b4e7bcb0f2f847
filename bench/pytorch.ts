// The PyTorch references (bench/pytorch_reference.py) on this machine, when `import torch` works.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchData, BenchRequest } from "../components/bench/throughput.js";
import { NAME_LENGTH } from "../components/nn/rnn-models.js";
import { CharVocab, padSequences } from "../components/text/vocab.js";
import { reverseTask } from "../components/data/sequence-tasks.js";

const here = dirname(fileURLToPath(import.meta.url));
export const INSTALL_HINT = "PyTorch 不可用：在 Debian 上运行 `sudo apt-get install python3-torch` 后重新运行 `npm run bench`（参考值被跳过）。";

export type PytorchResult = { available: true; torch: string; threads: number; samplesPerSecond: number; /** Timed steps. */ batches?: number; firstLoss: number; lastLoss: number; /** "cpu", or the CUDA device's name. */ device?: string } | { available: false; reason: string };

/** The first Python that can import torch: $PYTHON, python3 on the PATH (maybe a pyenv
 * or venv without it), then Debian's /usr/bin/python3 (where python3-torch installs). */
export function findPytorchPython(): string | null {
  const candidates = [process.env.PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  return candidates.find((python) => spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0) ?? null;
}

/** The digits the browser's Transformer run trains on (components/bench/throughput.ts:
 * warm-up from seed 1, timed batches from seed 2), as one uint8 file. */
async function reversalDigits({ batchSize, warmupBatches, batches }: BenchRequest): Promise<{ bytes: Uint8Array; count: number; timedRow: number }> {
  const warm = reverseTask(batchSize * Math.max(1, warmupBatches), 8, { seed: 1 });
  const timed = reverseTask(batchSize * batches, 8, { seed: 2 });
  try {
    const [a, b] = await Promise.all([warm.x.data(), timed.x.data()]);
    const bytes = new Uint8Array(a.length + b.length);
    bytes.set(a);
    bytes.set(b, a.length);
    return { bytes, count: bytes.length / 8, timedRow: a.length / 8 };
  } finally {
    warm.dispose();
    timed.dispose();
  }
}

/** The data file the Python script reads, for one model. */
function dataFile(data: BenchData, model: BenchRequest["model"]): { bytes: Uint8Array; count: number; vocab: number } {
  if (model === "transformer") return { bytes: new Uint8Array(1), count: 4096, vocab: 10 }; // generated in Python
  if (model === "cnn") {
    const count = data.mnist.train.count;
    const bytes = new Uint8Array(count * 785);
    bytes.set(data.mnist.train.images.subarray(0, count * 784));
    bytes.set(data.mnist.train.labels.subarray(0, count), count * 784);
    return { bytes, count, vocab: 0 };
  }
  const vocab = CharVocab.fromTexts(data.names.train.names);
  const rows = padSequences(data.names.train.names.map((n) => vocab.encode(n)), NAME_LENGTH);
  const count = rows.length;
  const bytes = new Uint8Array(count * (NAME_LENGTH + 1));
  bytes.set(rows.flat());
  bytes.set(data.names.train.labels, count * NAME_LENGTH);
  return { bytes, count, vocab: vocab.size };
}

export interface PytorchOptions {
  device?: "cpu" | "cuda";
  /** torch.set_num_threads(threads); 0 or absent: torch's default. */
  threads?: number;
  /** The browser's samples: warm-up on the first batches, the timed batches cycled (the
   * rigorous lane); otherwise batches walk through the whole training set. */
  sameSamples?: boolean;
}

/** Writes the model's data file into `dir`; the script's arguments for it. */
async function scriptArgs(data: BenchData, request: BenchRequest, { device = "cpu", threads = 0, sameSamples = false }: PytorchOptions, dir: string): Promise<string[]> {
  const { model, batchSize, warmupBatches, batches, size, minSeconds } = request;
  const same = sameSamples && model === "transformer" ? await reversalDigits(request) : null;
  const { bytes, count, vocab } = same ? { ...same, vocab: 10 } : dataFile(data, model);
  const timedRow = !sameSamples ? -1 : (same?.timedRow ?? 0);
  const file = join(dir, `${model}.u8`);
  writeFileSync(file, bytes);
  return [model, file, String(count), String(batchSize), String(warmupBatches), String(batches), size, String(vocab), device, String(minSeconds ?? 1), String(threads), String(timedRow)];
}

/** One model's PyTorch figures, on the CPU or (device "cuda") the GPU. */
export async function runPytorch(data: BenchData, request: BenchRequest, options: PytorchOptions = {}): Promise<PytorchResult> {
  const python = findPytorchPython();
  if (!python) return { available: false, reason: INSTALL_HINT };
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    const run = spawnSync(python, [join(here, "pytorch_reference.py"), ...(await scriptArgs(data, request, options, dir))], { encoding: "utf8" });
    if (run.status !== 0) return { available: false, reason: `bench/pytorch_reference.py failed: ${run.stderr.trim().split("\n").at(-1)}` };
    return { available: true, ...JSON.parse(run.stdout.trim().split("\n").at(-1)!) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One Python process for many measurements (`pytorch_reference.py --serve`): torch is
 * imported once, as the browser page stays open between WASM measurements. */
export class PytorchSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private readonly dir = mkdtempSync(join(tmpdir(), "bench-"));
  private stderr = "";

  private constructor(python: string) {
    this.child = spawn(python, [join(here, "pytorch_reference.py"), "--serve"]);
    this.child.stderr.on("data", (chunk) => (this.stderr = (this.stderr + chunk).slice(-2000)));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** The reason instead, where no Python here can import torch. */
  static start(): PytorchSession | { reason: string } {
    const python = findPytorchPython();
    return python ? new PytorchSession(python) : { reason: INSTALL_HINT };
  }

  async measure(data: BenchData, request: BenchRequest, options: PytorchOptions = {}): Promise<PytorchResult> {
    this.child.stdin.write(JSON.stringify(await scriptArgs(data, request, options, this.dir)) + "\n");
    const line = await this.lines.next();
    if (line.done) return { available: false, reason: `bench/pytorch_reference.py --serve failed: ${this.stderr.trim().split("\n").at(-1)}` };
    return { available: true, ...JSON.parse(line.value) };
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
