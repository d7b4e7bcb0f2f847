// A fix for tfjs-webgpu 4.22's Transpose of tensors stored as i32. Its general program (every
// permutation but the 2-D [1, 0] one) writes `setOutputAtIndex(i, A[…])`, whose value argument
// is f32, while A is declared with the element type of the stored buffer: i32 for int32 and
// bool, and also for a float32 tensor made by casting a bool (the cast only relabels the
// buffer). The WGSL does not compile ("type mismatch for argument 2 in call to
// 'setOutputAtIndex', expected 'f32', got 'i32'"), WebGPU drops every command buffer that used
// it, and the model trains on garbage. A Keras LSTM with maskZero casts its bool mask to
// float32 and transposes it [batch, time, 1] → [time, batch, 1] every step: 3.3's name
// classifier hit it. The same program with `setOutputAtIndexI32` (defined next to it by tfjs,
// converting to the output's element type) is correct: the kernel below runs tfjs's own
// Transpose with that one call swapped whenever the input's buffer holds i32.
//
// Like wasm-kernels.ts, this imports tfjs-core directly: it is bundled into @book/tf.
import { getKernel, registerKernel, unregisterKernel, type KernelFunc } from "@tensorflow/tfjs-core";

/** The part of a tfjs-webgpu program this fix touches. */
interface WebGPUProgramLike {
  shaderKey: string;
  getUserCode(): string;
}

/** The user code of a program whose output is int32 or bool: values are stored as i32. */
export function integerOutputCode(code: string): string {
  return code.replace(/\bsetOutputAtIndex\(flatIndex, A\[/g, "setOutputAtIndexI32(flatIndex, A[");
}

function withIntegerOutput<P extends WebGPUProgramLike>(program: P): P {
  const userCode = program.getUserCode.bind(program);
  program.getUserCode = () => integerOutputCode(userCode());
  program.shaderKey = `${program.shaderKey}_i32out`;
  return program;
}

/** The dtype of the buffer behind a tensor (tfjs-webgpu keeps it in tensorMap). */
function storedDtype(backend: object, x: { dataId: object; dtype: string }): string {
  const map = (backend as { tensorMap?: { get(id: object): { dtype?: string } | undefined } }).tensorMap;
  return map?.get(x.dataId)?.dtype ?? x.dtype;
}

/** tfjs's Transpose, given a backend whose runWebGPUProgram rewrites the program first. */
export function integerSafeTranspose(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: { dataId: object; dtype: string } };
    const backend = args.backend as object;
    const stored = storedDtype(backend, x);
    if (stored !== "int32" && stored !== "bool") return original(args);
    const patched = new Proxy(backend, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (property === "runWebGPUProgram") {
          return (program: WebGPUProgramLike, ...rest: unknown[]) => (value as (...a: unknown[]) => unknown).call(target, withIntegerOutput(program), ...rest);
        }
        return typeof value === "function" ? value.bind(target) : value;
      }
    });
    return original({ ...args, backend: patched as typeof args.backend });
  };
}

let registered = false;

/** Replaces webgpu's Transpose once (call after @tensorflow/tfjs-backend-webgpu is imported).
 * Returns the kernels it replaced. */
export function registerWebGPUKernelFixes(): string[] {
  if (registered) return [];
  registered = true;
  const original = getKernel("Transpose", "webgpu");
  if (!original) return [];
  unregisterKernel("Transpose", "webgpu");
  registerKernel({ ...original, kernelFunc: integerSafeTranspose(original.kernelFunc) });
  return ["Transpose (int32, bool)"];
}
