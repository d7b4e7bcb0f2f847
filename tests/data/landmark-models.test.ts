import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { checkLandmarks, fitExponentialTrend, fractionalYear, LandmarkFormatError, loadLandmarks } from "../../components/data/landmark-models.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const text = readFileSync(join(root, "data", "landmark-models.json"), "utf8");

const REQUIRED = ["AlexNet", "VGG-16", "GoogLeNet", "ResNet-152", "DQN", "AlphaGo", "AlphaGo Zero", "Transformer", "GPT-1", "BERT-Large", "GPT-2", "T5", "GPT-3", "ViT", "CLIP", "PaLM", "Chinchilla", "LLaMA"];

describe("landmark models data", () => {
  it("has ≥30 models from 2012 on with a source each, the required ones among them, plausible magnitudes", async () => {
    const models = await loadLandmarks(text);
    assert.ok(models.length >= 30, `${models.length} models`);
    for (const name of REQUIRED) assert.ok(models.some((m) => m.name === name || m.name.startsWith(`${name}-`) || m.name.startsWith(`${name} `)), `missing ${name}`);
    assert.equal(new Set(models.map((m) => m.name)).size, models.length, "each model once");
    for (const m of models) assert.ok(m.source.length > 0 && m.paper.startsWith("http"), m.name);
    // Published totals the page quotes: spot checks against the papers.
    const byName = new Map(models.map((m) => [m.name, m]));
    assert.equal(byName.get("AlexNet")!.parameters, 60e6);
    assert.equal(byName.get("GPT-3")!.parameters, 175e9);
    assert.equal(byName.get("GPT-3")!.trainingCompute, 3.14e23);
    assert.equal(byName.get("Chinchilla")!.trainingCompute, 5.76e23);
    assert.equal(byName.get("BERT-Large")!.parameters, 340e6);
    assert.equal(byName.get("GPT-4")!.parameters, null, "unpublished figures stay null");
    assert.ok(models.filter((m) => m.trainingCompute !== null).length >= 30);
  });

  it("rejects an entry without a source, with an implausible magnitude or a bad date", () => {
    const good = JSON.parse(text);
    const broken = (edit: (m: Record<string, unknown>) => void) => {
      const copy = structuredClone(good);
      edit(copy.models[3]);
      return () => checkLandmarks(copy);
    };
    assert.throws(broken((m) => delete m.source), LandmarkFormatError);
    assert.throws(broken((m) => (m.source = " ")), /来源/);
    assert.throws(broken((m) => (m.parameters = 12)), /参数量/);
    assert.throws(broken((m) => (m.trainingCompute = 1e40)), /计算量/);
    assert.throws(broken((m) => (m.date = "2019-13-45")), /日期/);
    assert.throws(broken((m) => (m.year = 1999)), /年份/);
    assert.throws(() => checkLandmarks({}), /models/);
  });
});

describe("exponential trend fit", () => {
  it("recovers the doubling time of a synthetic series, exactly without noise and closely with it", () => {
    // A quantity that doubles every 6 months from 2012: 10^17 · 2^(2(t − 2012)).
    const exact = Array.from({ length: 20 }, (_, i) => ({ year: 2012 + i * 0.5, value: 1e17 * 2 ** (2 * i * 0.5) }));
    const fit = fitExponentialTrend(exact);
    assert.ok(Math.abs(fit.doublingMonths - 6) < 1e-9, String(fit.doublingMonths));
    assert.ok(Math.abs(fit.yearlyFactor - 4) < 1e-9);
    assert.ok(Math.abs(fit.r2 - 1) < 1e-12);
    assert.ok(Math.abs(fit.at(2015) / 6.4e18 - 1) < 1e-9, "three years = six doublings = ×64");
    // Multiplicative noise of up to ×/÷ 4 (±2 in log2), symmetric by construction.
    const noisy = exact.map((p, i) => ({ ...p, value: p.value * 2 ** (i % 2 === 0 ? 2 : -2) }));
    const rough = fitExponentialTrend(noisy);
    assert.ok(Math.abs(rough.doublingMonths - 6) < 0.6, String(rough.doublingMonths));
    assert.ok(rough.r2 < 1 && rough.r2 > 0.8);
    // Zeros and nulls cannot enter a log fit and are skipped.
    assert.equal(fitExponentialTrend([...exact, { year: 2020, value: 0 }]).n, exact.length);
    assert.throws(() => fitExponentialTrend([{ year: 2012, value: 1 }]), /至少/);
  });

  it("places dates within their year", () => {
    assert.equal(fractionalYear("2020-01-01"), 2020);
    assert.ok(Math.abs(fractionalYear("2021-07-02") - 2021.5) < 0.01);
  });
});
