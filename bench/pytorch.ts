// The PyTorch references (bench/pytorch_reference.py) on this machine, when `import torch` works.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchData, BenchRequest } from "../components/bench/throughput.js";
import { NAME_LENGTH } from "../components/nn/rnn-models.js";
import { CharVocab, padSequences } from "../components/text/vocab.js";

const here = dirname(fileURLToPath(import.meta.url));
export const INSTALL_HINT = "PyTorch 不可用：在 Debian 上运行 `sudo apt-get install python3-torch` 后重新运行 `npm run bench`（参考值被跳过）。";

export type PytorchResult = { available: true; torch: string; threads: number; samplesPerSecond: number; firstLoss: number; lastLoss: number; /** "cpu", or the CUDA device's name. */ device?: string } | { available: false; reason: string };

/** The first Python that can import torch: $PYTHON, python3 on the PATH (maybe a pyenv
 * or venv without it), then Debian's /usr/bin/python3 (where python3-torch installs). */
export function findPytorchPython(): string | null {
  const candidates = [process.env.PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  return candidates.find((python) => spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0) ?? null;
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

/** One model's PyTorch figures, on the CPU or (device "cuda") the GPU. */
export function runPytorch(data: BenchData, { model, batchSize, warmupBatches, batches, size, minSeconds }: BenchRequest, device: "cpu" | "cuda" = "cpu"): PytorchResult {
  const python = findPytorchPython();
  if (!python) return { available: false, reason: INSTALL_HINT };
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    const { bytes, count, vocab } = dataFile(data, model);
    const file = join(dir, "train.u8");
    writeFileSync(file, bytes);
    const run = spawnSync(python, [join(here, "pytorch_reference.py"), model, file, String(count), String(batchSize), String(warmupBatches), String(batches), size, String(vocab), device, String(minSeconds ?? 1)], { encoding: "utf8" });
    if (run.status !== 0) return { available: false, reason: `bench/pytorch_reference.py failed: ${run.stderr.trim().split("\n").at(-1)}` };
    return { available: true, ...JSON.parse(run.stdout.trim().split("\n").at(-1)!) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
