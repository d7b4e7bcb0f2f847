// Canary release (第7章 7.2): a share of the requests goes to the new version, the rest to
// the stable one, and both are measured side by side; rollback sets the share to 0.
// Routing hashes the request's id, so the same request always goes to the same version
// (a user does not flip between versions from one click to the next).
import { fnv1a } from "../util/hash.js";
import { summarizeLatencies, type LatencySummary } from "./percentiles.js";

export type Arm = "stable" | "canary";

export function checkCanaryPercent(percent: number): number {
  if (!(Number.isFinite(percent) && percent >= 0 && percent <= 100)) throw new RangeError(`金丝雀比例必须在 0–100% 之间，收到 ${percent}`);
  return percent;
}

/** Which version serves the request with this id, for a canary share of `percent`. */
export function routeRequest(id: string, percent: number): Arm {
  checkCanaryPercent(percent);
  const bucket = fnv1a(id) % 10_000;
  return bucket < percent * 100 ? "canary" : "stable";
}

export interface ArmMetrics {
  requests: number;
  errors: number;
  /** Answers whose label has arrived, and how many of those were right. */
  labelled: number;
  correct: number;
  latencies: number[];
}

export interface ArmReport {
  requests: number;
  errors: number;
  accuracy: number | null;
  latency: LatencySummary;
}

export class CanaryMetrics {
  readonly arms: Record<Arm, ArmMetrics> = { stable: emptyArm(), canary: emptyArm() };

  record(arm: Arm, outcome: { latencyMs: number; correct?: boolean } | { error: true }): void {
    const m = this.arms[arm];
    m.requests += 1;
    if ("error" in outcome) {
      m.errors += 1;
      return;
    }
    m.latencies.push(outcome.latencyMs);
    if (outcome.correct !== undefined) {
      m.labelled += 1;
      if (outcome.correct) m.correct += 1;
    }
  }

  report(arm: Arm): ArmReport {
    const m = this.arms[arm];
    return { requests: m.requests, errors: m.errors, accuracy: m.labelled ? m.correct / m.labelled : null, latency: summarizeLatencies(m.latencies) };
  }
}

function emptyArm(): ArmMetrics {
  return { requests: 0, errors: 0, labelled: 0, correct: 0, latencies: [] };
}
