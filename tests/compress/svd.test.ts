import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@book/tf";
import { seededRandom } from "../../components/data/synthetic.js";
import { svd, svdAsync, truncatedFactors } from "../../components/compress/svd.js";
import { buildCnn } from "../../components/nn/cnn.js";
import { parameterCount, readCnnWeights } from "../../components/compress/cnn-weights.js";
import { predictLogits } from "../../components/compress/evaluate.js";
import { denseSvd, energyKept, factoriseDense } from "../../components/compress/low-rank.js";

before(async () => {
  await tf.setBackend("cpu");
});

const random = seededRandom(11);
const matrix = (m: number, n: number) => Float64Array.from({ length: m * n }, () => random() * 2 - 1);

function check(a: Float64Array, m: number, n: number) {
  const r = svd(a, m, n);
  const k = Math.min(m, n);
  assert.equal(r.k, k);
  // Reconstruction U Σ Vᵀ = A.
  let worst = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += r.u[i * k + l] * r.s[l] * r.v[j * k + l];
      worst = Math.max(worst, Math.abs(sum - a[i * n + j]));
    }
  assert.ok(worst < 1e-10, `reconstruction error ${worst}`);
  // UᵀU = I and VᵀV = I.
  for (const [f, rows] of [[r.u, m], [r.v, n]] as const)
    for (let p = 0; p < k; p++)
      for (let q = 0; q < k; q++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += f[i * k + p] * f[i * k + q];
        assert.ok(Math.abs(dot - (p === q ? 1 : 0)) < 1e-10, `orthogonality ${p},${q}: ${dot}`);
      }
  for (let l = 1; l < k; l++) assert.ok(r.s[l] <= r.s[l - 1]);
  return r;
}

describe("svd (one-sided Jacobi)", () => {
  it("reconstructs tall, wide and square matrices with orthonormal U and V", () => {
    check(matrix(30, 8), 30, 8);
    check(matrix(7, 19), 7, 19);
    check(matrix(12, 12), 12, 12);
  });

  it("svdAsync gives the same decomposition", async () => {
    const a = matrix(9, 14);
    assert.deepEqual(await svdAsync(a, 9, 14), svd(a, 9, 14));
  });

  it("finds the known singular values of a diagonal-times-rotation matrix and a rank-2 matrix", () => {
    // A = [[3, 0], [0, −2]] rotated by 30°: singular values 3 and 2.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const r = svd([3 * c, -3 * s, 2 * -s, -2 * c], 2, 2);
    assert.ok(Math.abs(r.s[0] - 3) < 1e-12 && Math.abs(r.s[1] - 2) < 1e-12);
    const u = matrix(10, 2);
    const v = matrix(2, 6);
    const low = new Float64Array(60);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 6; j++) low[i * 6 + j] = u[i * 2] * v[j] + u[i * 2 + 1] * v[6 + j];
    const d = check(low, 10, 6);
    assert.ok(d.s[2] < 1e-12);
  });

  it("truncation: the rank-r error in Frobenius norm is √(Σ_{i>r} σ_i²) (Eckart–Young)", () => {
    const [m, n] = [40, 10];
    const a = matrix(m, n);
    const d = svd(a, m, n);
    for (const r of [1, 3, 9]) {
      const { left, right } = truncatedFactors(d, r);
      let err = 0;
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let l = 0; l < r; l++) sum += left[i * r + l] * right[l * n + j];
          err += (sum - a[i * n + j]) ** 2;
        }
      const tail = Array.from(d.s.slice(r)).reduce((s2, v) => s2 + v * v, 0);
      assert.ok(Math.abs(Math.sqrt(err) - Math.sqrt(tail)) < 1e-5, `rank ${r}`);
    }
  });
});

describe("factoriseDense", () => {
  it("at full rank computes what the dense layer computes; fewer parameters at low rank; bad rank refused", async () => {
    const model = buildCnn({ filters: [2, 4], dense: 6, seed: 2 });
    const w = await readCnnWeights(model);
    model.dispose();
    const d = await denseSvd(w);
    const full = factoriseDense(w, d, 6);
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, "float32", 5) as tf.Tensor4D;
    const a = await predictLogits(w, x);
    const b = await predictLogits(full, x);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-4));
    const r2 = factoriseDense(w, d, 2);
    assert.equal(parameterCount(r2), parameterCount(w) - 100 * 6 + 2 * (100 + 6));
    assert.ok(energyKept(d.s, 2) < 1 && energyKept(d.s, 6) > 0.999999);
    assert.throws(() => factoriseDense(w, d, 0), /秩必须是 1 到 6/);
    assert.throws(() => factoriseDense(w, d, 7), /秩必须是 1 到 6/);
    assert.ok(w.dense1.factors === undefined);
    x.dispose();
  });
});
