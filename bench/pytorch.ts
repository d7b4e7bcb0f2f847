// The PyTorch reference (bench/pytorch_cnn.py) on this machine, when `import torch` works.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MnistData } from "../components/data/mnist-format.js";

const here = dirname(fileURLToPath(import.meta.url));
export const INSTALL_HINT = "PyTorch 不可用：在 Debian 上运行 `sudo apt-get install python3-torch` 后重新运行 `npm run bench`（参考值被跳过）。";

export type PytorchResult = { available: true; torch: string; threads: number; samplesPerSecond: number; firstLoss: number; lastLoss: number } | { available: false; reason: string };

/** The first Python that can import torch: $PYTHON, python3 on the PATH (maybe a pyenv
 * or venv without it), then Debian's /usr/bin/python3 (where python3-torch installs). */
export function findPytorchPython(): string | null {
  const candidates = [process.env.PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  return candidates.find((python) => spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0) ?? null;
}

export function runPytorchCnn(mnist: MnistData, { batchSize, warmupBatches, batches, size }: { batchSize: number; warmupBatches: number; batches: number; size: "full" | "small" }): PytorchResult {
  const python = findPytorchPython();
  if (!python) return { available: false, reason: INSTALL_HINT };
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  try {
    const count = mnist.train.count;
    const file = join(dir, "train.u8");
    const bytes = new Uint8Array(count * 785);
    bytes.set(mnist.train.images.subarray(0, count * 784));
    bytes.set(mnist.train.labels.subarray(0, count), count * 784);
    writeFileSync(file, bytes);
    const run = spawnSync(python, [join(here, "pytorch_cnn.py"), file, String(count), String(batchSize), String(warmupBatches), String(batches), size], { encoding: "utf8" });
    if (run.status !== 0) return { available: false, reason: `bench/pytorch_cnn.py failed: ${run.stderr.trim().split("\n").at(-1)}` };
    return { available: true, ...JSON.parse(run.stdout.trim().split("\n").at(-1)!) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
