// PSI and KL against values worked out by hand; zero for equal distributions; an empty
// bin does not make them infinite.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { binFractions, classFractions, klDivergence, psi } from "../../components/monitor/drift.js";
import { delayedAccuracy, monitorWindow } from "../../components/monitor/monitor.js";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe("psi and klDivergence", () => {
  it("are zero for equal distributions", () => {
    close(psi([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 0);
    close(klDivergence([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 0);
  });

  it("match hand-computed values", () => {
    // PSI = (0.6−0.5)·ln(0.6/0.5) + (0.4−0.5)·ln(0.4/0.5)
    close(psi([0.5, 0.5], [0.6, 0.4]), 0.1 * Math.log(1.2) - 0.1 * Math.log(0.8));
    close(klDivergence([0.6, 0.4], [0.5, 0.5]), 0.6 * Math.log(1.2) + 0.4 * Math.log(0.8));
  });

  it("PSI is the symmetrised KL, KL is not symmetric", () => {
    const [p, q] = [[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]];
    close(psi(p, q), klDivergence(p, q) + klDivergence(q, p));
    assert.notEqual(klDivergence(p, q).toFixed(6), klDivergence(q, p).toFixed(6));
  });

  it("floors empty bins instead of returning Infinity", () => {
    const value = psi([0.5, 0.5, 0], [0.4, 0.4, 0.2]);
    assert.ok(Number.isFinite(value) && value > 0.2, String(value));
  });

  it("refuses distributions of different lengths", () => {
    assert.throws(() => psi([1], [0.5, 0.5]), /箱数不同/);
  });
});

describe("binning", () => {
  it("bins by inner edges and counts predicted classes", () => {
    assert.deepEqual(binFractions([0.1, 0.5, 0.95, 0.99, 1], [0.5, 0.9]), [0.2, 0.2, 0.6]);
    assert.deepEqual(classFractions([0, 2, 2, 1], 3), [0.25, 0.25, 0.5]);
  });
});

describe("monitorWindow", () => {
  it("stays quiet on the same distribution and alerts on a shifted one", () => {
    const reference = { predicted: Array.from({ length: 500 }, (_, i) => i % 10), confidence: Array.from({ length: 500 }, () => 0.995) };
    assert.equal(monitorWindow(reference, reference, 0).alert, false);
    const shifted = { predicted: Array.from({ length: 200 }, (_, i) => (i % 3 ? 8 : i % 10)), confidence: Array.from({ length: 200 }, (_, i) => (i % 2 ? 0.6 : 0.995)) };
    const report = monitorWindow(reference, shifted, 1);
    assert.equal(report.alert, true);
    assert.ok(report.classPsi > 0.2 && report.confidencePsi > 0.2);
  });

  it("knows a window's accuracy only `delay` windows later", () => {
    const predicted = [[1, 2], [3, 3], [0, 0]];
    const labels = [[1, 2], [3, 4], [0, 1]];
    assert.deepEqual(delayedAccuracy(predicted, labels, 2, 1), [1, 0.5, null]);
    assert.deepEqual(delayedAccuracy(predicted, labels, 2, 0), [1, 0.5, 0.5]);
  });
});
