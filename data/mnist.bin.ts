// Data loader (run by Framework at build time): the `mnist` package's 10,000 real MNIST
// digits as the book's compact file, with a fixed seeded split of 8,000 training and
// 2,000 test digits. See components/data/mnist-format.ts for the layout.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { seededRandom } from "../components/data/synthetic.js";
import { encodeMnist } from "../components/data/mnist-format.js";

export const TRAIN = 8000;
export const SEED = 2024;

const require = createRequire(import.meta.url);
const digits = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
const images: Uint8Array[] = [];
const labels: number[] = [];
for (let digit = 0; digit < 10; ++digit) {
  const { data } = JSON.parse(readFileSync(join(digits, `${digit}.json`), "utf8")) as { data: number[] };
  for (let at = 0; at < data.length; at += 784) {
    images.push(Uint8Array.from(data.slice(at, at + 784), (v) => Math.round(v * 255)));
    labels.push(digit);
  }
}
const order = images.map((_, i) => i);
const random = seededRandom(SEED);
for (let i = order.length - 1; i > 0; --i) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const split = (ids: number[]) => {
  const pixels = new Uint8Array(ids.length * 784);
  ids.forEach((id, i) => pixels.set(images[id], i * 784));
  return { count: ids.length, images: pixels, labels: Uint8Array.from(ids, (id) => labels[id]) };
};
const file = await encodeMnist({ rows: 28, cols: 28, train: split(order.slice(0, TRAIN)), test: split(order.slice(TRAIN)) });
process.stdout.write(file);
