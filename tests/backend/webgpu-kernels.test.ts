// The Transpose fix for i32-backed tensors, on a stand-in backend: which programs are
// rewritten and how (the real kernel is checked in Chromium, tests/e2e/webgpu.spec.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KernelFunc } from "@tensorflow/tfjs-core";
import { integerOutputCode, integerSafeTranspose } from "../../components/backend/webgpu-kernels.js";

const TRANSPOSE_CODE = `fn main(index : i32) {
  setOutputAtIndex(flatIndex, A[getIndexFromCoords3D(vec3<i32>(coords.y,coords.x,coords.z), uniforms.aShape)]);
}`;

function run(storedAs: string, labelled: string) {
  const programs: { shaderKey: string; code: string }[] = [];
  const backend = {
    tensorMap: new Map([["id", { dtype: storedAs }]]),
    runWebGPUProgram(program: { shaderKey: string; getUserCode(): string }) {
      programs.push({ shaderKey: program.shaderKey, code: program.getUserCode() });
      return { dataId: {}, shape: [1], dtype: labelled };
    }
  };
  const original: KernelFunc = ({ backend: b }) => (b as typeof backend).runWebGPUProgram({ shaderKey: "transpose_1,0,2", getUserCode: () => TRANSPOSE_CODE }) as never;
  integerSafeTranspose(original)({ inputs: { x: { dataId: "id", dtype: labelled, shape: [2, 3, 4] } } as never, backend: backend as never, attrs: { perm: [1, 0, 2] } as never });
  return programs[0];
}

describe("webgpu Transpose of i32-backed tensors", () => {
  it("writes through setOutputAtIndexI32 for int32, bool and a bool cast to float32", () => {
    for (const [stored, labelled] of [["int32", "int32"], ["bool", "bool"], ["bool", "float32"]]) {
      const program = run(stored, labelled);
      assert.match(program.code, /setOutputAtIndexI32\(flatIndex, A\[/, `${stored} as ${labelled}`);
      assert.equal(program.shaderKey, "transpose_1,0,2_i32out", "its own pipeline cache entry");
    }
  });

  it("leaves float32 buffers to tfjs's program", () => {
    const program = run("float32", "float32");
    assert.equal(program.code, TRANSPOSE_CODE);
    assert.equal(program.shaderKey, "transpose_1,0,2");
  });

  it("rewrites only the transpose's write", () => {
    assert.equal(integerOutputCode("setOutputAtIndex(index, value);"), "setOutputAtIndex(index, value);");
  });
});
