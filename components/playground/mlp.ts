// The model of 第2章's playground: a linear classifier (no hidden layer) or an MLP whose depth
// and width the reader chooses, trained full-batch on a 2-D data set, and what it computes
// over a grid of the plane: P(class 1) for the decision boundary and every hidden unit's
// own activation (what each unit has learned).
import * as tf from "@book/tf";

export type Activation = "tanh" | "relu";

export interface MlpShape {
  /** Widths of the hidden layers; [] is logistic regression. */
  hidden: number[];
  activation: Activation;
  seed?: number;
}

/** 2 → hidden… → 2 (softmax). Layers are named hidden1… so their outputs can be read. */
export function buildMlp({ hidden, activation, seed = 1 }: MlpShape): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation, inputShape: i === 0 ? [2] : undefined, name: `hidden${i + 1}`, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) }))
  );
  model.add(tf.layers.dense({ units: 2, activation: "softmax", inputShape: hidden.length ? undefined : [2], name: "output", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 100 }) }));
  return model;
}

export interface Grid {
  /** [n², 2] points of the plane, row by row from the top. */
  points: tf.Tensor2D;
  size: number;
  bounds: { x0: number; x1: number; y0: number; y1: number };
  dispose(): void;
}

/** A size×size grid covering the points with a margin. */
export function gridAround(points: [number, number][], size = 60, margin = 0.25): Grid {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const bounds = { x0: Math.min(...xs) - margin, x1: Math.max(...xs) + margin, y0: Math.min(...ys) - margin, y1: Math.max(...ys) + margin };
  const values: number[] = [];
  for (let r = 0; r < size; ++r) {
    const y = bounds.y1 - ((r + 0.5) / size) * (bounds.y1 - bounds.y0);
    for (let c = 0; c < size; ++c) values.push(bounds.x0 + ((c + 0.5) / size) * (bounds.x1 - bounds.x0), y);
  }
  const tensor = tf.tensor2d(values, [size * size, 2]);
  return { points: tensor, size, bounds, dispose: () => tensor.dispose() };
}

/** P(class 1) at every grid point. */
export async function boundaryOn(model: tf.LayersModel, grid: Grid): Promise<Float32Array> {
  const p = tf.tidy(() => (model.predict(grid.points) as tf.Tensor2D).slice([0, 1], [-1, 1]));
  const values = (await p.data()) as Float32Array;
  p.dispose();
  return values;
}

/** For each hidden layer, each unit's activation at every grid point (unit-major). */
export async function hiddenUnitsOn(model: tf.LayersModel, grid: Grid): Promise<Float32Array[][]> {
  const names = model.layers.filter((l) => l.name.startsWith("hidden")).map((l) => l.name);
  if (!names.length) return [];
  const probe = tf.model({ inputs: model.inputs, outputs: names.map((n) => model.getLayer(n).output as tf.SymbolicTensor) });
  const outputs = tf.tidy(() => {
    const result = probe.predict(grid.points);
    return (Array.isArray(result) ? result : [result]).map((t) => t.transpose() as tf.Tensor2D);
  });
  const layers: Float32Array[][] = [];
  for (const output of outputs) {
    const [units, n] = output.shape;
    const flat = (await output.data()) as Float32Array;
    layers.push(Array.from({ length: units }, (_, u) => flat.slice(u * n, (u + 1) * n)));
  }
  tf.dispose(outputs);
  return layers;
}

export interface TrainProgress {
  step: number;
  loss: number;
  accuracy: number;
}

/** Full-batch Adam on cross-entropy; reports every `every` steps (yielding to the page),
 * stops early when `cancelled()` turns true. Returns the last progress. */
export async function trainMlp(
  model: tf.LayersModel,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  { steps, learningRate = 0.03, every = 10, onProgress = () => {}, cancelled = () => false }: { steps: number; learningRate?: number; every?: number; onProgress?: (p: TrainProgress) => void | Promise<void>; cancelled?: () => boolean }
): Promise<TrainProgress> {
  const optimizer = tf.train.adam(learningRate);
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let last: TrainProgress = { step: 0, loss: NaN, accuracy: NaN };
  try {
    for (let step = 1; step <= steps && !cancelled(); ++step) {
      const report = step % every === 0 || step === steps;
      const loss = optimizer.minimize(() => tf.metrics.categoricalCrossentropy(y, model.apply(x) as tf.Tensor2D).mean() as tf.Scalar, report, weights);
      if (report && loss) {
        const accuracy = tf.tidy(() => (model.predict(x) as tf.Tensor2D).argMax(1).equal(y.argMax(1)).mean());
        last = { step, loss: (await loss.data())[0], accuracy: (await accuracy.data())[0] };
        tf.dispose([loss, accuracy]);
        await onProgress(last);
        await tf.nextFrame();
      }
    }
  } finally {
    optimizer.dispose();
  }
  return last;
}
