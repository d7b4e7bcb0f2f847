// Principal component analysis for 第2章's unsupervised demo: centre the data, take the
// covariance matrix, find its leading eigenvectors by power iteration with deflation, and
// project. No labels are used; the page colours the projected digits by their true label
// afterwards, to see how much class structure the two directions of largest variance keep.
import * as tf from "@book/tf";

export interface Pca {
  /** [k, d] unit-length principal directions, largest variance first. */
  components: tf.Tensor2D;
  /** [d] mean that was subtracted. */
  mean: tf.Tensor1D;
  /** Variance along each component, and its share of the total variance. */
  variances: number[];
  explained: number[];
  /** x [n, d] → [n, k]. */
  project(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

export async function pca(x: tf.Tensor2D, k = 2, { iterations = 100, seed = 1, rowsPerBlock = 250 } = {}): Promise<Pca> {
  const [n, d] = x.shape;
  const mean = tf.tidy(() => x.mean(0) as tf.Tensor1D);
  // C = Σ over row blocks of X_bᵀ X_b / (n − 1), one block at a time, yielding between
  // blocks: a single 784×n×784 product can hold a slow machine's main thread for seconds.
  let covariance = tf.zeros([d, d]) as tf.Tensor2D;
  for (let row = 0; row < n; row += rowsPerBlock) {
    const next = tf.tidy(() => {
      const block = x.slice([row, 0], [Math.min(rowsPerBlock, n - row), d]).sub(mean);
      return covariance.add(tf.matMul(block, block, true, false).div(n - 1)) as tf.Tensor2D;
    });
    covariance.dispose();
    covariance = next;
    await tf.nextFrame();
  }
  const trace = tf.tidy(() => x.sub(mean).square().sum().div(n - 1)); // total variance
  const total = (await trace.data())[0];
  trace.dispose();
  const directions: tf.Tensor1D[] = [];
  const variances: number[] = [];
  for (let i = 0; i < k; ++i) {
    let v = tf.tidy(() => {
      const start = tf.randomNormal([d, 1], 0, 1, "float32", seed + i);
      return start.div(start.norm()) as tf.Tensor2D;
    });
    for (let it = 0; it < iterations; ++it) {
      const next = tf.tidy(() => {
        const w = tf.matMul(covariance, v);
        return w.div(w.norm()) as tf.Tensor2D;
      });
      v.dispose();
      v = next;
      if (it % 20 === 19) await tf.nextFrame(); // let the page breathe during long runs
    }
    // Rayleigh quotient vᵀCv is the variance along v; deflate C ← C − λ v vᵀ for the next one.
    const lambda = tf.tidy(() => tf.matMul(tf.matMul(v, covariance, true, false), v).reshape([]));
    const value = (await lambda.data())[0];
    const deflated = tf.tidy(() => covariance.sub(tf.matMul(v, v, false, true).mul(lambda)) as tf.Tensor2D);
    covariance.dispose();
    covariance = deflated;
    lambda.dispose();
    directions.push(tf.tidy(() => v.reshape([d]) as tf.Tensor1D));
    v.dispose();
    variances.push(value);
  }
  covariance.dispose();
  const components = tf.stack(directions) as tf.Tensor2D;
  tf.dispose(directions);
  return {
    components,
    mean,
    variances,
    explained: variances.map((v) => v / total),
    project: (data) => tf.tidy(() => tf.matMul(data.sub(mean), components, false, true) as tf.Tensor2D),
    dispose: () => tf.dispose([components, mean])
  };
}
