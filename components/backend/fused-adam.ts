// A fused Adam update: one kernel per trained variable instead of tfjs's ~14.
//
// Why: tfjs 4.22's AdamOptimizer.applyGradients runs, per variable, mul/mul/add (m),
// square/mul/mul/add (v), div/div (bias correction), sqrt/add/div/mul/add (the update), each a
// separate kernel. The book's models are small, so a training step's time is mostly the cost
// per kernel, not arithmetic: engine bookkeeping on WASM, a dispatch and scalar uploads on
// WebGPU (issues 24 and 27). Every model of the book and every reader's cell trains through
// tf.train.adam, so registerFusedAdam() replaces AdamOptimizer.prototype.applyGradients (a
// public method of an exported class) with one that calls the kernel "BookAdamUpdate" when
// the active backend has it, and tfjs's own method otherwise (WebGL, or any other backend).
//
// The state is tfjs's own: the same m/v accumulator variables with the same names, the same
// iterations, getWeights/setWeights and config, so saved models and the model store are
// unaffected. The accBeta1/accBeta2 variables (β^t) are kept too, but between fused steps
// their values live in JavaScript (as float32, multiplied exactly as tfjs multiplies them)
// and are written back to the variables only before tfjs's own method runs again.
//
// On cpu and wasm the kernel repeats tfjs's float32 operations in the same order, rounding
// after each (a float32 +, −, ×, ÷ or √ done in double and rounded is exactly the float32
// result), so training is bit-identical to the unfused optimizer (tests/backend/fused-adam.test.ts).
//
// Like wasm-kernels.ts, this imports tfjs-core directly: it is bundled into @book/tf.
import { AdamOptimizer, engine, getBackend, getKernel, registerKernel, scalar, tidy, version_core, zerosLike, type KernelFunc, type Tensor, type TensorInfo, type Variable } from "@tensorflow/tfjs-core";
import { adamSlots, registeredVariables, type AdamSlots } from "../util/tf-internals.js";
import { fusedAdamWebGPU } from "./fused-adam-webgpu.js";
import type { CpuBackendLike, WasmBackendLike } from "./backend-like.js";

export const FUSED_ADAM = "BookAdamUpdate";

/** The kernel's attributes: the optimizer's settings and this step's bias corrections
 * 1 − β1^t and 1 − β2^t (as float32, computed as tfjs computes them). */
export interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  biasCorrection1: number;
  biasCorrection2: number;
}

type Floats = Float32Array;
const f = Math.fround;

/** The update of elements [0, n): tfjs's Adam with a float32 rounding after every operation. */
export function adamElements(n: number, value: Floats, m: Floats, v: Floats, g: Floats, out: { value: Floats; m: Floats; v: Floats }, a: AdamAttrs): void {
  // tfjs turns each JavaScript number into a float32 scalar tensor before the op.
  const [b1, c1, b2, c2] = [f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2)];
  const [bc1, bc2, eps, step] = [f(a.biasCorrection1), f(a.biasCorrection2), f(a.epsilon), f(-a.learningRate)];
  const { value: outValue, m: outM, v: outV } = out;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = f(f(m[i] * b1) + f(gi * c1));
    const vi = f(f(v[i] * b2) + f(f(gi * gi) * c2));
    const mHat = f(mi / bc1);
    const vHat = f(vi / bc2);
    const update = f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * step);
    outM[i] = mi;
    outV[i] = vi;
    outValue[i] = f(update + value[i]);
  }
}

type AdamInputs = Record<"value" | "m" | "v" | "gradient", TensorInfo>;
const sizeOf = (t: TensorInfo) => t.shape.reduce((a, n) => a * n, 1);


/** Above this many elements the scalar loop loses to tfjs-wasm's own SIMD kernels (CPU time
 * in Node, 1 thread: 200,000 elements 2.5 ms by the loop, 1.4 ms by the kernels; 16,384:
 * 0.2–0.3 ms vs 0.5–0.8 ms), so large variables run those kernels directly, in tfjs's order:
 * still one engine kernel, none of the engine's per-kernel bookkeeping. */
export const WASM_LOOP_LIMIT = 65_536;

/** tfjs's unfused Adam on the wasm backend's own kernel functions (bit-identical to tfjs). */
function adamByKernels(wasm: WasmBackendLike, { value, m, v, gradient }: AdamInputs, a: AdamAttrs): TensorInfo[] {
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temps.push(t), t);
  const op = (name: string, inputs: Record<string, TensorInfo>) => keep(getKernel(name, "wasm")!.kernelFunc({ inputs, backend: wasm as never, attrs: {} }) as TensorInfo);
  const constant = (x: number) => {
    const t = keep(wasm.makeOutput([], "float32"));
    wasm.typedArrayFromHeap(t)[0] = x;
    return t;
  };
  try {
    const newM = op("Add", { a: op("Multiply", { a: m, b: constant(a.beta1) }), b: op("Multiply", { a: gradient, b: constant(1 - a.beta1) }) });
    const newV = op("Add", { a: op("Multiply", { a: v, b: constant(a.beta2) }), b: op("Multiply", { a: op("Square", { x: gradient }), b: constant(1 - a.beta2) }) });
    const mHat = op("RealDiv", { a: newM, b: constant(a.biasCorrection1) });
    const vHat = op("RealDiv", { a: newV, b: constant(a.biasCorrection2) });
    const denominator = op("Add", { a: op("Sqrt", { x: vHat }), b: constant(a.epsilon) });
    const newValue = op("Add", { a: op("Multiply", { a: op("RealDiv", { a: mHat, b: denominator }), b: constant(-a.learningRate) }), b: value });
    const outputs = [newValue, newM, newV];
    temps.splice(0, temps.length, ...temps.filter((t) => !outputs.includes(t)));
    return outputs;
  } finally {
    for (const t of temps) wasm.disposeData(t.dataId);
  }
}

export const fusedAdamWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as unknown as WasmBackendLike;
  const args = inputs as AdamInputs;
  const { value, m, v, gradient } = args;
  if (sizeOf(value) > WASM_LOOP_LIMIT) return adamByKernels(wasm, args, attrs as unknown as AdamAttrs);
  const outs = [wasm.makeOutput(value.shape, "float32"), wasm.makeOutput(value.shape, "float32"), wasm.makeOutput(value.shape, "float32")];
  // Views only after every allocation: growing the heap detaches earlier views.
  const heap = (t: TensorInfo) => wasm.typedArrayFromHeap(t) as Floats;
  adamElements(sizeOf(value), heap(value), heap(m), heap(v), heap(gradient), { value: heap(outs[0]), m: heap(outs[1]), v: heap(outs[2]) }, attrs as unknown as AdamAttrs);
  return outs;
};


export const fusedAdamCpu: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as unknown as CpuBackendLike;
  const { value, m, v, gradient } = inputs as AdamInputs;
  const n = sizeOf(value);
  const read = (t: TensorInfo) => cpu.readSync(t.dataId) as Floats;
  const out = { value: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  adamElements(n, read(value), read(m), read(v), read(gradient), out, attrs as unknown as AdamAttrs);
  return [out.value, out.m, out.v].map((values) => cpu.makeTensorInfo(value.shape, "float32", values));
};

/** tfjs's AdamOptimizer's private and protected members, read through the version-checked
 * adapter (util/tf-internals.ts). */
type AdamInternals = AdamSlots<Variable>;
const TFJS = { version: { "tfjs-core": version_core }, engine };
const internals = (optimizer: object): AdamInternals => adamSlots<Variable>(TFJS, optimizer);

/** β1^t and β2^t as float32, for the optimizer at `iterations` steps. */
interface AccBetas {
  acc1: number;
  acc2: number;
  iterations: number;
  /** The accBeta variables still hold an older value (fused steps since the last write). */
  variablesBehind: boolean;
}
const accBetas = new WeakMap<object, AccBetas>();

/** A fresh optimizer's (scalar(β) as float32) advanced as tfjs advances it: acc ← acc·β. */
function betasOf(opt: AdamInternals): AccBetas {
  let betas = accBetas.get(opt.optimizer);
  if (!betas || betas.iterations !== opt.iterations) {
    betas = { acc1: f(opt.beta1), acc2: f(opt.beta2), iterations: 0, variablesBehind: false };
    while (betas.iterations < opt.iterations) advance(opt, betas);
    accBetas.set(opt.optimizer, betas);
  }
  return betas;
}

function advance(opt: AdamInternals, betas: AccBetas): void {
  betas.acc1 = f(betas.acc1 * f(opt.beta1));
  betas.acc2 = f(betas.acc2 * f(opt.beta2));
  betas.iterations++;
}

function writeBackBetas(opt: AdamInternals): void {
  const betas = accBetas.get(opt.optimizer);
  if (!betas?.variablesBehind || betas.iterations !== opt.iterations) return;
  tidy(() => {
    opt.accBeta1.assign(scalar(betas.acc1));
    opt.accBeta2.assign(scalar(betas.acc2));
  });
  betas.variablesBehind = false;
}

/** What applyGradients receives (tfjs's NamedVariableMap or NamedTensor[], not exported by name). */
type NamedTensor = { name: string; tensor: Tensor };
type Gradients = Record<string, Tensor> | NamedTensor[];

/** The variable and gradient pairs in tfjs's order (an array keeps its order, a map its keys'). */
function pairsOf(gradients: Gradients): { name: string; gradient: Tensor | undefined }[] {
  if (Array.isArray(gradients)) return gradients.map((g) => ({ name: g.name, gradient: g.tensor }));
  return Object.keys(gradients).map((name) => ({ name, gradient: gradients[name] }));
}

/** Whether every variable and gradient can go through the kernel on the active backend. */
function canFuse(pairs: ReturnType<typeof pairsOf>): boolean {
  if (!getKernel(FUSED_ADAM, getBackend())) return false;
  const variables = registeredVariables<Variable>(TFJS);
  return pairs.every(({ name, gradient }) => {
    const value = variables[name];
    return value?.dtype === "float32" && (gradient == null || (gradient.dtype === "float32" && gradient.size === value.size));
  });
}

function fusedApplyGradients(opt: AdamInternals, pairs: ReturnType<typeof pairsOf>): void {
  const betas = betasOf(opt);
  const attrs: AdamAttrs = {
    learningRate: opt.learningRate,
    beta1: opt.beta1,
    beta2: opt.beta2,
    epsilon: opt.epsilon,
    biasCorrection1: f(1 - betas.acc1),
    biasCorrection2: f(1 - betas.acc2)
  };
  tidy(() => {
    const variables = registeredVariables<Variable>(TFJS);
    pairs.forEach(({ name, gradient }, i) => {
      const value = variables[name];
      // The accumulators exactly as tfjs makes them (names and order are what getWeights saves).
      opt.firstMoments[i] ??= { originalName: `${name}/m`, variable: tidy(() => zerosLike(value).variable(false)) };
      opt.secondMoments[i] ??= { originalName: `${name}/v`, variable: tidy(() => zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const m = opt.firstMoments[i].variable;
      const v = opt.secondMoments[i].variable;
      const inputs = { value, m, v, gradient } as unknown as Record<string, Tensor>;
      const [newValue, newM, newV] = engine().runKernel(FUSED_ADAM, inputs, attrs as never) as Tensor[];
      m.assign(newM);
      v.assign(newV);
      value.assign(newValue);
    });
  });
  advance(opt, betas);
  betas.variablesBehind = true;
  opt.incrementIterations();
}

const KERNELS = [
  { backendName: "cpu", kernelFunc: fusedAdamCpu },
  { backendName: "wasm", kernelFunc: fusedAdamWasm },
  { backendName: "webgpu", kernelFunc: fusedAdamWebGPU }
];

let registered = false;

/** Registers the kernels and routes tf.train.adam's updates through them (once). */
export function registerFusedAdam(): void {
  if (registered) return;
  registered = true;
  for (const { backendName, kernelFunc } of KERNELS) {
    if (!getKernel(FUSED_ADAM, backendName)) registerKernel({ kernelName: FUSED_ADAM, backendName, kernelFunc });
  }
  const proto = AdamOptimizer.prototype as unknown as Record<string, unknown>;
  const original = AdamOptimizer.prototype.applyGradients;
  const originalSetWeights = AdamOptimizer.prototype.setWeights;
  proto.applyGradients = function (this: AdamOptimizer, gradients: Gradients) {
    const opt = internals(this);
    const pairs = pairsOf(gradients);
    if (canFuse(pairs)) return fusedApplyGradients(opt, pairs);
    const betas = betasOf(opt);
    writeBackBetas(opt);
    original.call(this, gradients as Parameters<typeof original>[0]);
    advance(opt, betas); // tfjs multiplied its variables the same way
    betas.variablesBehind = false;
  };
  // setWeights sets accBeta to β^(t+1) with the backend's pow: read back what it computed.
  proto.setWeights = async function (this: AdamOptimizer, weights: NamedTensor[]) {
    await originalSetWeights.call(this, weights);
    const opt = internals(this);
    const [acc1, acc2] = await Promise.all([opt.accBeta1.data(), opt.accBeta2.data()]);
    accBetas.set(this, { acc1: acc1[0], acc2: acc2[0], iterations: opt.iterations, variablesBehind: false });
  };
}
