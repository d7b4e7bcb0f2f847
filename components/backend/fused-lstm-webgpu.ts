// The fused LSTM step kernels (BookLstmCell, BookLstmCellGrad; contract and arithmetic in
// fused-lstm-math.ts) as WGSL for tfjs's WebGPU backend, so that components/nn/fast-lstm.ts
// runs a time step there as one kernel instead of ~13 forward and ~9 backward (issue 27).
// A step is one small program per output, since tfjs-webgpu programs write one buffer
// each: 3 dispatches a step each way, one invocation per unit (b, j). The first program
// computes the step's matrix product itself (forward the record, with the unit's 4 sums of
// h·U; backward δh, with its sum of δz·Uᵀ) instead of a BatchMatMul dispatch and a buffer
// between them: for the book's small LSTMs a dispatch costs more than that arithmetic. The
// other two read the first one's output (h′ and c′ the record; δz and δc the new δh). Step,
// batch and units come as uniforms, so a shader serves every step and nothing is uploaded;
// nothing is allocated but the outputs.
//
// Like webgpu-kernels.ts this is typed structurally and imports tfjs-core directly: the
// Node entries never load the WebGPU backend, and the WebGPU chunk bundles it.
import { getKernel, registerKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import { LSTM_CELL, LSTM_CELL_GRAD } from "../nn/fused-lstm-names.js";
import { cellBackwardCode, cellForwardCode, type BackwardOutput, type BackwardVariant, type ForwardOutput, type ForwardVariant } from "./fused-lstm-wgsl.js";

/** The part of tfjs-webgpu's WebGPUBackend these kernels use. */
interface WebGPUBackendLike {
  runWebGPUProgram(program: object, inputs: TensorInfo[], outputType: "float32", programUniforms?: { type: "int32"; data: number[] }[]): TensorInfo;
}

type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs: NamedAttrMap };

const WORKGROUP = 64;
/** Every buffer name a program may read, in the order bindings are made. */
const BUFFERS = ["P", "UW", "GATES", "C", "H", "K", "REC", "CP", "DY", "DZL", "UT", "DH", "DC", "DHL"] as const;
type Buffer = (typeof BUFFERS)[number];

/** One program of a step: the fields tfjs-webgpu's runWebGPUProgram reads. Its inputs are
 * the buffers its code indexes, and only those (a binding the shader does not use makes the
 * bind group invalid under tfjs's automatic pipeline layout). */
class LstmStepProgram {
  readonly variableNames: Buffer[];
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly uniforms = "step : i32, batch : i32, units : i32, steps : i32,";

  /** `invocations`: B·u, one per unit (see fused-lstm-wgsl.ts). */
  constructor(readonly shaderKey: string, readonly outputShape: number[], invocations: number, private readonly body: string) {
    this.variableNames = BUFFERS.filter((name) => new RegExp(`\\b${name}\\[`).test(body));
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(invocations / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return this.body;
  }
}

function checkFloat(kernel: string, inputs: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(inputs)) if (t.dtype !== "float32") throw new Error(`${kernel}: ${name} must be float32, got ${t.dtype}`);
}

/** Runs the programs in order, each output becoming an input of the later ones under the
 * name `feeds` gives it; returns the outputs by name. */
function runPrograms<O extends string>(gpu: WebGPUBackendLike, programs: [O, LstmStepProgram][], buffers: Partial<Record<Buffer, TensorInfo>>, feeds: Partial<Record<O, Buffer>>, uniforms: number[]): Record<O, TensorInfo> {
  const programUniforms = uniforms.map((x) => ({ type: "int32" as const, data: [x] }));
  const outputs = {} as Record<O, TensorInfo>;
  for (const [output, program] of programs) {
    outputs[output] = gpu.runWebGPUProgram(program, program.variableNames.map((name) => buffers[name]!), "float32", programUniforms);
    if (feeds[output]) buffers[feeds[output]!] = outputs[output];
  }
  return outputs;
}

/** The order the programs run in (the kernels return h, c, record and δz, δc, δh). */
const FORWARD_ORDER: ForwardOutput[] = ["record", "h", "c"];
const BACKWARD_ORDER: BackwardOutput[] = ["dh", "dz", "dc"];
const variantKey = (flags: object) => Object.entries(flags).map(([name, on]) => (on ? name : `no${name}`)).join("_");

export const lstmCellWebGPU: KernelFunc = (({ inputs, backend, attrs }: Args) => {
  checkFloat(LSTM_CELL, inputs);
  const gpu = backend as WebGPUBackendLike;
  const [steps, batch, four] = inputs.p.shape;
  const units = four / 4;
  const first = !inputs.u;
  if (first !== !inputs.c || first !== !inputs.h) throw new Error(`${LSTM_CELL}: u, c and h are all given after the first step, none at it`);
  const variant: ForwardVariant = { first, masked: !!inputs.keep };
  const shapes: Record<ForwardOutput, number[]> = { h: [batch, units], c: [batch, units], record: [batch, 5 * units] };
  const programs = FORWARD_ORDER.map((output) => [output, new LstmStepProgram(`bookLstmCell_${output}_${variantKey(variant)}`, shapes[output], batch * units, cellForwardCode(output, variant))] as [ForwardOutput, LstmStepProgram]);
  const out = runPrograms(gpu, programs, { P: inputs.p, UW: inputs.u, C: inputs.c, H: inputs.h, K: inputs.keep }, { record: "GATES" }, [attrs.step as number, batch, units, steps]);
  return [out.h, out.c, out.record];
}) as unknown as KernelFunc;

export const lstmCellGradWebGPU: KernelFunc = (({ inputs, backend, attrs }: Args) => {
  checkFloat(LSTM_CELL_GRAD, inputs);
  const gpu = backend as WebGPUBackendLike;
  const [steps, batch, five] = inputs.record.shape;
  const units = five / 5;
  const last = !inputs.dzLater;
  if (last !== !inputs.uT || last !== !inputs.dc || last !== !inputs.dhLater) throw new Error(`${LSTM_CELL_GRAD}: dzLater, uT, dc and dhLater are all given before the last step, none at it`);
  const variant: BackwardVariant = { last, masked: !!inputs.keep, everyStep: !!attrs.everyStep };
  const shapes: Record<BackwardOutput, number[]> = { dz: [batch, 4 * units], dc: [batch, units], dh: [batch, units] };
  const programs = BACKWARD_ORDER.map((output) => [output, new LstmStepProgram(`bookLstmCellGrad_${output}_${variantKey(variant)}`, shapes[output], batch * units, cellBackwardCode(output, variant))] as [BackwardOutput, LstmStepProgram]);
  const buffers = { REC: inputs.record, CP: inputs.cPrev, DY: inputs.dy, DZL: inputs.dzLater, UT: inputs.uT, DC: inputs.dc, DHL: inputs.dhLater, K: inputs.keep };
  const out = runPrograms(gpu, programs, buffers, { dh: "DH" }, [attrs.step as number, batch, units, steps]);
  return [out.dz, out.dc, out.dh];
}) as unknown as KernelFunc;

/** Registers both kernels for "webgpu" (harmless where that backend is absent), so that
 * FastLstm finds them there. Call where the WebGPU backend's kernel fixes register. */
export function registerFusedLstmWebGPU(): void {
  for (const [kernelName, kernelFunc] of [[LSTM_CELL, lstmCellWebGPU], [LSTM_CELL_GRAD, lstmCellGradWebGPU]] as const) {
    if (!getKernel(kernelName, "webgpu")) registerKernel({ kernelName, backendName: "webgpu", kernelFunc });
  }
}
