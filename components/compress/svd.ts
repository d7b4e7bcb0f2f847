// Singular value decomposition A = U Σ Vᵀ by one-sided Jacobi rotations (Hestenes), for
// 5.3.2's low-rank factorisation (tfjs has no SVD). Each rotation of a column pair (p, q)
// makes those two columns of A·V orthogonal; sweeps repeat until every pair is orthogonal
// to working precision. Then σ_j = ‖(AV)_j‖ and u_j = (AV)_j / σ_j. Accurate (it works on
// A itself, never on AᵀA) and simple; O(m·n²) per sweep; a random 1600×128 matrix took 8
// sweeps, 1.3 s in Node. Float64 throughout; singular values come out in descending order.

export interface Svd {
  /** m×k, row-major, k = min(m, n). */
  u: Float64Array;
  s: Float64Array;
  /** n×k, row-major (A = U diag(s) Vᵀ). */
  v: Float64Array;
  m: number;
  n: number;
  k: number;
  sweeps: number;
}

/** SVD of the m×n row-major matrix `a`. */
export function svd(a: ArrayLike<number>, m: number, n: number, { tolerance = 1e-12, maxSweeps = 60 } = {}): Svd {
  if (m < n) return transposed(svd(transpose(a, m, n), n, m, { tolerance, maxSweeps }));
  const state = start(a, m, n);
  while (state.sweeps < maxSweeps && sweep(state, tolerance)) state.sweeps++;
  return finish(state);
}

/** The same, giving the page a turn between sweeps (each ~0.16 s for 1600×128 in Node). */
export async function svdAsync(a: ArrayLike<number>, m: number, n: number, { tolerance = 1e-12, maxSweeps = 60 } = {}): Promise<Svd> {
  if (m < n) return transposed(await svdAsync(transpose(a, m, n), n, m, { tolerance, maxSweeps }));
  const state = start(a, m, n);
  while (state.sweeps < maxSweeps && sweep(state, tolerance)) {
    state.sweeps++;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return finish(state);
}

interface JacobiState {
  /** Columns of W = A·V and of V, each stored contiguously. */
  cols: Float64Array[];
  vcols: Float64Array[];
  m: number;
  n: number;
  sweeps: number;
}

function transpose(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/** Aᵀ = V Σ Uᵀ: the decomposition of the transpose with the factors swapped. */
function transposed(r: Svd): Svd {
  return { u: r.v, s: r.s, v: r.u, m: r.n, n: r.m, k: r.k, sweeps: r.sweeps };
}

function start(a: ArrayLike<number>, m: number, n: number): JacobiState {
  const cols = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a[i * n + j]));
  const vcols = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
  return { cols, vcols, m, n, sweeps: 0 };
}

/** One pass over all column pairs; false when every pair was already orthogonal. */
function sweep({ cols, vcols, m, n }: JacobiState, tolerance: number): boolean {
  let rotated = false;
  for (let p = 0; p < n - 1; p++) {
    for (let q = p + 1; q < n; q++) {
      const x = cols[p];
      const y = cols[q];
      let alpha = 0;
      let beta = 0;
      let gamma = 0;
      for (let i = 0; i < m; i++) {
        alpha += x[i] * x[i];
        beta += y[i] * y[i];
        gamma += x[i] * y[i];
      }
      if (gamma === 0 || Math.abs(gamma) <= tolerance * Math.sqrt(alpha * beta)) continue;
      rotated = true;
      // The rotation angle that zeroes the pair's inner product (Golub & Van Loan, §8.6.3).
      const zeta = (beta - alpha) / (2 * gamma);
      const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
      const c = 1 / Math.sqrt(1 + t * t);
      const s = c * t;
      rotate(x, y, c, s);
      rotate(vcols[p], vcols[q], c, s);
    }
  }
  return rotated;
}

function finish({ cols, vcols, m, n, sweeps }: JacobiState): Svd {
  const norms = cols.map((col) => Math.sqrt(col.reduce((sum, v) => sum + v * v, 0)));
  const order = norms.map((_, j) => j).sort((i, j) => norms[j] - norms[i]);
  const k = n;
  const u = new Float64Array(m * k);
  const v = new Float64Array(n * k);
  const s = new Float64Array(k);
  order.forEach((j, r) => {
    s[r] = norms[j];
    for (let i = 0; i < m; i++) u[i * k + r] = norms[j] > 0 ? cols[j][i] / norms[j] : 0;
    for (let i = 0; i < n; i++) v[i * k + r] = vcols[j][i];
  });
  return { u, s, v, m, n, k, sweeps };
}

function rotate(x: Float64Array, y: Float64Array, c: number, s: number): void {
  for (let i = 0; i < x.length; i++) {
    const [xi, yi] = [x[i], y[i]];
    x[i] = c * xi - s * yi;
    y[i] = s * xi + c * yi;
  }
}

/** The best rank-r approximation's two factors: A ≈ (U_r Σ_r) · V_rᵀ, as m×r and r×n row-major. */
export function truncatedFactors({ u, s, v, m, n, k }: Svd, r: number): { left: Float32Array; right: Float32Array } {
  const left = new Float32Array(m * r);
  const right = new Float32Array(r * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < r; j++) left[i * r + j] = u[i * k + j] * s[j];
  for (let j = 0; j < r; j++) for (let c = 0; c < n; c++) right[j * n + c] = v[c * k + j];
  return { left, right };
}
