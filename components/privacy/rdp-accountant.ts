// The privacy accountant for DP-SGD (第6章 6.5 节): Rényi differential privacy of the
// subsampled Gaussian mechanism (each example joins a step with probability q, noise σ·C on
// a sum clipped to C) at integer orders α, composed over the steps and converted to (ε, δ).
// Formulas: Mironov 2017 ("Rényi Differential Privacy", composition and conversion
// ε = RDP(α) + log(1/δ)/(α − 1)); Mironov, Talwar & Zhang 2019 for the integer-order bound of
// the sampled Gaussian, which is what TF Privacy's rdp_accountant computes (Abadi et al. 2016's
// moments accountant is the same quantity).

/** Integer orders, as many accountants use (2…64 plus a few large ones for tiny ε). */
export const DEFAULT_ORDERS = [...Array.from({ length: 63 }, (_, i) => i + 2), 128, 256, 512];

/** A Chinese message for parameters the accountant cannot work with, or null. */
export function accountantError({ q, sigma, steps, delta }: { q: number; sigma: number; steps: number; delta: number }): string | null {
  if (!(q > 0 && q <= 1)) return `采样率 q 必须在 (0, 1] 之内，现在是 ${q}。`;
  if (!(Number.isFinite(sigma) && sigma > 0)) return `噪声系数 σ 必须大于 0（σ = 0 就没有隐私保证），现在是 ${sigma}。`;
  if (!(Number.isInteger(steps) && steps >= 0)) return `步数必须是非负整数，现在是 ${steps}。`;
  if (!(delta > 0 && delta < 1)) return `δ 必须在 0 和 1 之间（不含两端），现在是 ${delta}。`;
  return null;
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function logBinomial(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; ++i) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** RDP of one step at integer order α: (1/(α−1)) log Σ_k C(α,k) (1−q)^{α−k} q^k exp((k²−k)/(2σ²)). */
export function rdpOfStep(q: number, sigma: number, alpha: number): number {
  if (!Number.isInteger(alpha) || alpha < 2) throw new RangeError("本书的记账器只用整数阶 α ≥ 2。");
  if (q === 1) return alpha / (2 * sigma * sigma);
  let logA = -Infinity;
  for (let k = 0; k <= alpha; ++k) logA = logAddExp(logA, logBinomial(alpha, k) + k * Math.log(q) + (alpha - k) * Math.log(1 - q) + (k * k - k) / (2 * sigma * sigma));
  return logA / (alpha - 1);
}

export interface PrivacySpent {
  epsilon: number;
  /** The order that gave the smallest ε. */
  order: number;
}

/** (ε, δ) after `steps` steps: RDP adds up over steps; ε = min over α of steps·RDP(α) + log(1/δ)/(α−1). */
export function epsilonSpent({ q, sigma, steps, delta, orders = DEFAULT_ORDERS }: { q: number; sigma: number; steps: number; delta: number; orders?: number[] }): PrivacySpent {
  const error = accountantError({ q, sigma, steps, delta });
  if (error) throw new RangeError(error);
  let best = { epsilon: Infinity, order: orders[0] };
  for (const alpha of orders) {
    const epsilon = steps * rdpOfStep(q, sigma, alpha) + Math.log(1 / delta) / (alpha - 1);
    if (epsilon < best.epsilon) best = { epsilon, order: alpha };
  }
  return best;
}
