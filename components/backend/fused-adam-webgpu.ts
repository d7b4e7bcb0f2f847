// The fused Adam update (components/backend/fused-adam.ts) as WGSL for tfjs's WebGPU backend.
// tfjs-webgpu programs have one output buffer each, so the update is three small programs
// (new m, new v, new value), each reading only the inputs it needs; every scalar travels as a
// uniform, so a step uploads no tensors for the optimizer. tfjs's own Adam costs ~14
// dispatches and several scalar uploads per variable.
//
// Like webgpu-kernels.ts this is typed structurally: the Node entry never loads the WebGPU
// backend, and registering a kernel for a backend that is absent is harmless.
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { AdamAttrs } from "./fused-adam.js";

/** The part of tfjs-webgpu's WebGPUBackend this kernel uses. */
interface WebGPUBackendLike {
  runWebGPUProgram(program: object, inputs: TensorInfo[], outputType: "float32", programUniforms?: { type: "float32"; data: number[] }[]): TensorInfo;
}

type Output = "m" | "v" | "value";

const WORKGROUP = 64;

/** The inputs each program reads, in binding order (bindings a shader does not use would
 * make the bind group invalid under tfjs's automatic pipeline layout). */
const READS: Record<Output, string[]> = { m: ["M", "G"], v: ["V", "G"], value: ["W", "M", "V", "G"] };

const NEW_M = "uniforms.beta1 * M[index] + uniforms.oneMinusBeta1 * G[index]";
const NEW_V = "uniforms.beta2 * V[index] + uniforms.oneMinusBeta2 * (G[index] * G[index])";

/** The same operation order as tfjs's AdamOptimizer.applyGradients. */
const BODY: Record<Output, string> = {
  m: `setOutputAtIndex(index, ${NEW_M});`,
  v: `setOutputAtIndex(index, ${NEW_V});`,
  value: `let m = ${NEW_M};
          let v = ${NEW_V};
          let mHat = m / uniforms.biasCorrection1;
          let vHat = v / uniforms.biasCorrection2;
          let step = (mHat / (sqrt(vHat) + uniforms.epsilon)) * uniforms.negativeLearningRate;
          setOutputAtIndex(index, step + W[index]);`
};

/** A tfjs-webgpu program (the fields its runWebGPUProgram reads). */
class AdamProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly uniforms = "beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, biasCorrection1 : f32, biasCorrection2 : f32, epsilon : f32, negativeLearningRate : f32,";

  constructor(shape: number[], private readonly output: Output) {
    this.variableNames = READS[output];
    this.outputShape = shape;
    this.shaderKey = `bookAdam_${output}`;
    this.dispatchLayout = { x: shape.map((_, i) => i) };
    const size = shape.reduce((a, n) => a * n, 1);
    this.dispatch = [Math.ceil(size / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${BODY[this.output]}
        }
      }`;
  }
}

/** The uniforms in the order the program declares them (float32, as tfjs's scalars are). */
export function adamUniforms(a: AdamAttrs): number[] {
  return [a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.biasCorrection1, a.biasCorrection2, a.epsilon, -a.learningRate].map(Math.fround);
}

export const fusedAdamWebGPU: KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as unknown as WebGPUBackendLike;
  const { value, m, v, gradient } = inputs as Record<"value" | "m" | "v" | "gradient", TensorInfo>;
  const byName: Record<string, TensorInfo> = { W: value, M: m, V: v, G: gradient };
  // One entry per scalar: tfjs lays out each entry by its length (1 → an f32 field).
  const uniforms = adamUniforms(attrs as unknown as AdamAttrs).map((x) => ({ type: "float32" as const, data: [x] }));
  return (["value", "m", "v"] as Output[]).map((output) => {
    const program = new AdamProgram(value.shape, output);
    return gpu.runWebGPUProgram(program, program.variableNames.map((name) => byName[name]), "float32", uniforms);
  });
};
