// Data loader (run by Framework at build time): the newest figure of each benchmark part
// from bench/results/*.json, for the book's 性能实测 page (src/performance.md).
import { latest, loadResults } from "../bench/report.js";
import { projectRoot } from "../site/project-root.js";

const parts = latest(loadResults(projectRoot()));
const pick = <T>(part: { run: { date: string; machine: unknown; commands: unknown }; value: T } | null) => (part ? { date: part.run.date, machine: part.run.machine, command: part.run.commands, value: part.value } : null);
process.stdout.write(
  JSON.stringify({
    training: pick(parts.training),
    reference: pick(parts.reference),
    overhead: pick(parts.overhead),
    pages: pick(parts.pages),
    build: pick(parts.build),
    chapters: parts.chapters.length ? parts.chapters : null
  })
);
