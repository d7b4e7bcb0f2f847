// What the WGSL versions of 3.5's fused Transformer kernels (fused-transformer-webgpu*.ts)
// share: one small program type for tfjs-webgpu's runWebGPUProgram, a runner that frees the
// intermediate buffers a kernel makes, and a workgroup sum for the kernels that reduce.
// tfjs-webgpu programs have one output buffer each, so a kernel with several outputs (or a
// softmax whose rows are needed twice) runs a few programs in a row; scalars travel as
// uniforms, so no kernel uploads anything. Typed structurally like fused-adam-webgpu.ts: the
// Node entry never loads the WebGPU backend.
import type { NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";

/** The part of tfjs-webgpu's WebGPUBackend these kernels use. */
export interface WebGPUBackendLike {
  runWebGPUProgram(program: object, inputs: TensorInfo[], outputType: "float32", programUniforms?: { type: "float32" | "int32"; data: number[] }[]): TensorInfo;
  disposeData(dataId: object): boolean;
}

export type Uniform = [name: string, type: "f32" | "i32", value: number];

export interface ProgramSpec {
  /** Names the shader (with `body` it keys tfjs's pipeline cache). */
  name: string;
  /** Inputs in binding order, each named as the WGSL reads it; every one must be read
   * (tfjs lays the bindings out automatically: an unread one makes the bind group invalid). */
  inputs: [string, TensorInfo][];
  outputShape: number[];
  uniforms?: Uniform[];
  /** WGSL of `fn main(index : i32)`'s body; `index` runs over the output's elements unless
   * `oneWorkgroup`, where it is the thread's index in a single workgroup of GROUP threads. */
  body: string;
  /** Module-scope WGSL helpers the body calls. */
  functions?: string;
  oneWorkgroup?: boolean;
}

export const GROUP = 256;
const WORKGROUP = 64;

/** Module-scope WGSL for oneWorkgroup programs: sums a value over the group's threads, every
 * thread gets the total (call it from every thread: it has barriers). */
const GROUP_SUM = `
  var<workgroup> partial : array<f32, ${GROUP}>;
  fn groupSum(index : i32, value : f32) -> f32 {
    workgroupBarrier();
    partial[index] = value;
    for (var stride = ${GROUP / 2}; stride > 0; stride = stride / 2) {
      workgroupBarrier();
      if (index < stride) { partial[index] = partial[index] + partial[index + stride]; }
    }
    workgroupBarrier();
    return partial[0];
  }`;

/** A tfjs-webgpu program (the fields its runWebGPUProgram reads). */
class BookProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number];
  readonly size = true;
  readonly uniforms?: string;

  constructor(private readonly spec: ProgramSpec) {
    this.variableNames = spec.inputs.map(([name]) => name);
    this.outputShape = spec.outputShape;
    // tfjs adds ranks and dtypes to the key, not the code: variants differ in the body.
    this.shaderKey = `book_${spec.name}_${spec.body}`;
    this.dispatchLayout = { x: spec.outputShape.map((_, i) => i) };
    const size = spec.outputShape.reduce((a, n) => a * n, 1);
    this.workgroupSize = [spec.oneWorkgroup ? GROUP : WORKGROUP, 1, 1];
    this.dispatch = [spec.oneWorkgroup ? 1 : Math.ceil(size / WORKGROUP), 1, 1];
    if (spec.uniforms?.length) this.uniforms = spec.uniforms.map(([name, type]) => `${name} : ${type},`).join(" ");
  }

  getUserCode(): string {
    const guarded = this.spec.oneWorkgroup ? this.spec.body : `if (index < uniforms.size) { ${this.spec.body} }`;
    return `${this.spec.oneWorkgroup ? GROUP_SUM : ""}
      ${this.spec.functions ?? ""}
      fn main(index : i32) {
        ${guarded}
      }`;
  }
}

/** Runs programs for one kernel call; `free` releases the intermediates it made. */
export class ProgramRunner {
  private readonly made: TensorInfo[] = [];

  constructor(readonly backend: WebGPUBackendLike) {}

  run(spec: ProgramSpec): TensorInfo {
    const program = new BookProgram(spec);
    const uniforms = (spec.uniforms ?? []).map(([, type, value]) => ({ type: type === "f32" ? ("float32" as const) : ("int32" as const), data: [value] }));
    const out = this.backend.runWebGPUProgram(program, spec.inputs.map(([, t]) => t), "float32", uniforms);
    this.made.push(out);
    return out;
  }

  /** Frees every output made but not in `keep` (the kernel's outputs); returns `keep`. */
  finish(keep: TensorInfo[]): TensorInfo[] {
    for (const t of this.made) if (!keep.some((k) => k.dataId === t.dataId)) this.backend.disposeData(t.dataId);
    return keep;
  }
}

/** The inputs that are present, in order (optional inputs may be absent). */
export function present(...inputs: [string, TensorInfo | undefined][]): [string, TensorInfo][] {
  return inputs.filter((entry): entry is [string, TensorInfo] => entry[1] !== undefined);
}

/** A kernel's attrs read as numbers (booleans as 0/1). */
export function numberAttr(attrs: NamedAttrMap | undefined, name: string): number {
  const value = attrs?.[name];
  return typeof value === "boolean" ? Number(value) : (value as number);
}

/** A scalar output: the program writes one element, the kernel's contract says shape []. */
export function asScalar(t: TensorInfo): TensorInfo {
  return { ...t, shape: [] };
}

/** Sums `term(i)` (WGSL of the flat index `i` of an element of a [rows, cols] input) down
 * each column: one thread per column, rows in order (as the cpu kernels add them). */
export function columnSum(runner: ProgramRunner, name: string, inputs: [string, TensorInfo][], [rows, cols]: number[], term: string): TensorInfo {
  return runner.run({
    name: `colsum_${name}`,
    inputs,
    outputShape: [cols],
    uniforms: [["rows", "i32", rows]],
    body: `var acc = 0.0;
      for (var n = 0; n < uniforms.rows; n = n + 1) {
        let i = n * uniforms.size + index;
        acc = acc + ${term};
      }
      setOutputAtIndex(index, acc);`
  });
}
