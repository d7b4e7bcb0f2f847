// The book's library reads two pieces of tfjs's private state that its public API does not
// offer. Both live here, checked against the tfjs version they were written for, so that a
// tfjs update fails loudly here instead of measuring or freeing the wrong thing elsewhere.
// (The notebook engine's own hooks are in notebook/tf-adapter.ts, checked the same way.)
// - Engine.state.numBytes: the counter tf.memory().numBytes reads; watching it is the only
//   way to see a peak inside a step (memory/peak-bytes.ts).
// - SGDOptimizer.c: the learning-rate scalar that tfjs 4.22's MomentumOptimizer.dispose
//   forgets to free (optim/optimizer.ts).
// - AdamOptimizer's slots and the engine's variable map (backend/fused-adam.ts).
// - A compiled LayersModel's loss functions, metric functions and trained weights, which
//   model.compile sets up and trainOnBatch uses (train/fast-step.ts).

/** The tfjs release these reads were written and tested against. */
export const TESTED_TFJS = "4.22.0";

/** What of the tfjs module this file touches (the real module satisfies it). */
export interface TfVersioned {
  version: { tfjs?: string; "tfjs-core"?: string };
  engine(): unknown;
}

export class TfInternalsMismatchError extends Error {
  constructor(what: string) {
    super(`components/util/tf-internals.ts 是为 tfjs ${TESTED_TFJS} 写的：${what}。请按新版 tfjs 的源码更新这个文件及其测试。`);
    this.name = "TfInternalsMismatchError";
  }
}

function checkVersion(tf: TfVersioned): void {
  const version = tf.version["tfjs-core"] ?? tf.version.tfjs;
  if (version !== TESTED_TFJS) throw new TfInternalsMismatchError(`这里是 tfjs ${version}`);
}

/** Calls `onChange` with every new value of tfjs's byte counter (tf.memory().numBytes) until
 * `stop` is called, which puts the counter back as it was; `start` is its value before. One
 * watcher at a time. */
export function watchEngineBytes(tf: TfVersioned, onChange: (numBytes: number) => void): { start: number; stop(): void } {
  checkVersion(tf);
  const state = (tf.engine() as { state?: { numBytes?: unknown } }).state;
  if (!state || typeof state.numBytes !== "number") throw new TfInternalsMismatchError("引擎没有 state.numBytes 计数器");
  const own = Object.getOwnPropertyDescriptor(state, "numBytes");
  if (!own || !("value" in own)) throw new Error("已经在测量显存峰值：同一时间只能测一段代码");
  let value = state.numBytes as number;
  const start = value;
  Object.defineProperty(state, "numBytes", {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (next: number) => {
      value = next;
      onChange(next);
    }
  });
  return { start, stop: () => void Object.defineProperty(state, "numBytes", { configurable: true, enumerable: true, writable: true, value }) };
}

interface DisposableScalar {
  isDisposed: boolean;
  dispose(): void;
}

/** Frees the learning-rate scalar that a disposed Momentum optimiser leaves behind (tfjs
 * 4.22's MomentumOptimizer.dispose does not call SGDOptimizer's, which frees it). Call it
 * after optimizer.dispose(); other optimisers free all they hold and are left alone. */
export function disposeMomentumLeftovers(tf: TfVersioned, optimizer: { getClassName(): string }): void {
  if (optimizer.getClassName() !== "Momentum") return;
  checkVersion(tf);
  const scalar = (optimizer as unknown as { c?: DisposableScalar }).c;
  if (!scalar || typeof scalar.dispose !== "function") throw new TfInternalsMismatchError("Momentum 优化器没有学习率标量 c");
  if (!scalar.isDisposed) scalar.dispose();
}

/** A variable as the fused Adam update uses it (tfjs's Variable satisfies it). */
export interface SlotVariable {
  assign(value: unknown): void;
  data(): Promise<ArrayLike<number>>;
}

/** tfjs 4.22's AdamOptimizer, seen through the members the fused Adam update
 * (backend/fused-adam.ts) works with: its hyper-parameters (protected), the β^t variables,
 * the moment slots (private; their names and order are what getWeights saves) and the step
 * counter. The slot arrays are the optimizer's own: filling them fills its state. */
export interface AdamSlots<V extends SlotVariable = SlotVariable> {
  optimizer: object;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: V;
  accBeta2: V;
  firstMoments: { originalName: string; variable: V }[];
  secondMoments: { originalName: string; variable: V }[];
  readonly iterations: number;
  incrementIterations(): void;
}

export function adamSlots<V extends SlotVariable>(tf: TfVersioned, optimizer: object): AdamSlots<V> {
  checkVersion(tf);
  const o = optimizer as Record<string, unknown>;
  for (const name of ["learningRate", "beta1", "beta2", "epsilon", "iterations"]) {
    if (typeof o[name] !== "number") throw new TfInternalsMismatchError(`Adam 优化器没有数值成员 ${name}`);
  }
  for (const name of ["accBeta1", "accBeta2"]) {
    if (typeof (o[name] as SlotVariable | undefined)?.assign !== "function") throw new TfInternalsMismatchError(`Adam 优化器没有变量 ${name}`);
  }
  if (!Array.isArray(o.accumulatedFirstMoment) || !Array.isArray(o.accumulatedSecondMoment)) throw new TfInternalsMismatchError("Adam 优化器没有一阶/二阶矩数组");
  if (typeof o.incrementIterations !== "function") throw new TfInternalsMismatchError("Adam 优化器没有 incrementIterations");
  return {
    optimizer,
    learningRate: o.learningRate as number,
    beta1: o.beta1 as number,
    beta2: o.beta2 as number,
    epsilon: o.epsilon as number,
    accBeta1: o.accBeta1 as V,
    accBeta2: o.accBeta2 as V,
    firstMoments: o.accumulatedFirstMoment as AdamSlots<V>["firstMoments"],
    secondMoments: o.accumulatedSecondMoment as AdamSlots<V>["secondMoments"],
    get iterations() {
      return o.iterations as number;
    },
    incrementIterations: () => (o.incrementIterations as () => void).call(optimizer)
  };
}

/** The engine's variables by name (what an optimizer's applyGradients looks its variables up in). */
export function registeredVariables<V>(tf: TfVersioned): Record<string, V> {
  checkVersion(tf);
  const variables = (tf.engine() as { registeredVariables?: unknown }).registeredVariables;
  if (!variables || typeof variables !== "object") throw new TfInternalsMismatchError("引擎没有 registeredVariables");
  return variables as Record<string, V>;
}

/** What model.compile sets up for trainOnBatch in a tfjs-layers 4.22 LayersModel (protected
 * fields): the loss function of each output, each metric function with the output it reads,
 * and the weights trained, as they were when the model was compiled. */
export interface CompiledTraining<LossFn, W> {
  losses: LossFn[];
  metricFunctions: [LossFn, number][];
  trainableWeights: W[];
}

/** The compiled training state of `model` (a LayersModel; a Sequential keeps it in its inner
 * LayersModel), or null when the model has not been compiled. */
export function compiledTraining<LossFn, W>(tf: TfVersioned, model: object): CompiledTraining<LossFn, W> | null {
  checkVersion(tf);
  const inner = ((model as { model?: object }).model ?? model) as Record<string, unknown>;
  if (inner.optimizer == null && inner.lossFunctions == null) return null;
  const { lossFunctions, metricsTensors, collectedTrainableWeights } = inner;
  if (!Array.isArray(lossFunctions) || !lossFunctions.every((f) => typeof f === "function")) throw new TfInternalsMismatchError("编译后的模型没有 lossFunctions 数组");
  if (!Array.isArray(metricsTensors) || !metricsTensors.every((m) => Array.isArray(m) && typeof m[0] === "function" && typeof m[1] === "number")) throw new TfInternalsMismatchError("编译后的模型没有 metricsTensors（[函数, 输出序号]）");
  if (!Array.isArray(collectedTrainableWeights)) throw new TfInternalsMismatchError("编译后的模型没有 collectedTrainableWeights");
  return { losses: lossFunctions as LossFn[], metricFunctions: metricsTensors as [LossFn, number][], trainableWeights: collectedTrainableWeights as W[] };
}
