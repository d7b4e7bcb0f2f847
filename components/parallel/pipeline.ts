// GPipe on real workers (5.1, src/ch5-1-parallel.md): the MLP's layers are split into p stages,
// one per worker; the batch into m micro-batches. All m forwards flow through the stages, then
// all m backwards flow back (each stage recomputes its forward from the saved input), then every
// stage applies its accumulated gradient. The answers' timestamps give the schedule and its bubble.
import { parameterCount } from "./mlp.js";
import type { TrainingWorker } from "./pool.js";
import { measuredBubble } from "./schedule.js";
import type { Span } from "./timeline.js";
import { shardOf, type Batch } from "./data-parallel.js";
import { checkInteger } from "./comm-cost.js";

/** Layer ranges [from, to) of p stages over `layers` layers, as even as possible. */
export function stageBounds(layers: number, p: number): [number, number][] {
  checkInteger("流水线段数 p", p, 1, layers);
  return Array.from({ length: p }, (_, s) => [Math.floor((s * layers) / p), Math.floor(((s + 1) * layers) / p)]);
}

/** Gives each stage worker its layers (a copy of their slice of `params`). */
export async function setupStages(stages: TrainingWorker[], sizes: number[], params: Float32Array): Promise<[number, number][]> {
  const bounds = stageBounds(sizes.length - 1, stages.length);
  await Promise.all(
    stages.map((w, s) => {
      const [from, to] = bounds[s];
      const offset = parameterCount(sizes, 0, from);
      return w.call({ type: "set", sizes, from, to, params: params.slice(offset, offset + parameterCount(sizes, from, to)) });
    })
  );
  return bounds;
}

export interface PipelineStepResult {
  loss: number;
  spans: Span[];
  bubble: number;
}

/** One GPipe step of the whole batch in m micro-batches (batch.n must be divisible by m). */
export async function gpipeStep(stages: TrainingWorker[], batch: Batch, m: number, lr: number): Promise<PipelineStepResult> {
  checkInteger("微批次数 m", m, 1, batch.n);
  if (batch.n % m !== 0) throw new RangeError(`批大小 ${batch.n} 不能被微批次数 ${m} 整除，什么也没有开始。`);
  const size = batch.n / m;
  const p = stages.length;
  const spans: Span[] = [];
  const record = (s: number, kind: string, j: number, a: { start: number; end: number }) => spans.push({ row: `阶段 ${s}`, start: a.start, end: a.end, kind, label: String(j) });
  const losses: number[] = [];
  const forward = async (j: number) => {
    const micro = shardOf(batch, j * size, (j + 1) * size);
    let x = micro.x;
    for (let s = 0; s < p; s++) {
      const last = s === p - 1;
      const a = await stages[s].call({ type: "forward", micro: j, x, n: size, labels: last ? micro.labels : undefined, microBatches: m });
      record(s, "前向", j, a);
      if (last) losses[j] = a.loss!;
      else x = a.data!;
    }
  };
  await Promise.all(Array.from({ length: m }, (_, j) => forward(j)));
  // GPipe's flush: backwards start only after every forward, last micro-batch first.
  const backward = async (j: number) => {
    let dy: Float32Array | undefined;
    for (let s = p - 1; s >= 0; s--) {
      const a = await stages[s].call({ type: "backward", micro: j, dy });
      record(s, "反向", j, a);
      dy = a.data;
    }
  };
  await Promise.all(Array.from({ length: m }, (_, i) => backward(m - 1 - i)));
  await Promise.all(stages.map((w) => w.call({ type: "stage-apply", lr })));
  return { loss: losses.reduce((a, b) => a + b, 0) / m, spans, bubble: measuredBubble(spans) };
}

/** The stages' parameters put back together (to compare with a single-device step). */
export async function gatherStages(stages: TrainingWorker[]): Promise<Float32Array> {
  const parts = await Promise.all(stages.map((w) => w.call({ type: "params" })));
  const out = new Float32Array(parts.reduce((a, p) => a + p.data!.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p.data!, offset);
    offset += p.data!.length;
  }
  return out;
}
