// WGSL for the row-wise kernels of 3.5's fused Transformer step (the cpu/wasm versions and
// their formulas are in fused-transformer.ts): the embedding and its gradient, bias + ReLU
// and its gradient. Each output element is one thread; sums down a column run in row order.
// An id outside the table cannot be reported from a shader (the cpu kernel throws): WebGPU's
// bounds checks make its row read as zeros or another row, never out of the buffer.
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { columnSum, numberAttr, present, ProgramRunner, type WebGPUBackendLike } from "./fused-transformer-webgpu-program.js";

type Inputs = Record<string, TensorInfo | undefined>;

const runnerOf = (backend: unknown) => new ProgramRunner(backend as WebGPUBackendLike);

export const embedWebGPU: KernelFunc = ({ inputs, backend, attrs }) => {
  const { table, ids, positions } = inputs as Inputs;
  const runner = runnerOf(backend);
  const [batch, length] = ids!.shape;
  const d = table!.shape[1];
  const out = runner.run({
    name: "embed",
    inputs: [["Table", table!], ["Ids", ids!], ["Pos", positions!]],
    outputShape: [batch * length, d],
    uniforms: [["scale", "f32", numberAttr(attrs, "scale")], ["d", "i32", d], ["t", "i32", length]],
    body: `let n = index / uniforms.d;
      let j = index % uniforms.d;
      let id = i32(Ids[n]);
      setOutputAtIndex(index, Table[id * uniforms.d + j] * uniforms.scale + Pos[(n % uniforms.t) * uniforms.d + j]);`
  });
  return runner.finish([out]);
};

export const embedGradWebGPU: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, extra, ids } = inputs as Inputs;
  const runner = runnerOf(backend);
  const [rows, d] = dy!.shape;
  const out = runner.run({
    name: "embedGrad",
    inputs: present(["Dy", dy], ["Extra", extra], ["Ids", ids]),
    outputShape: [numberAttr(attrs, "vocab"), d],
    uniforms: [["scale", "f32", numberAttr(attrs, "scale")], ["d", "i32", d], ["rows", "i32", rows]],
    // One thread per (id, column), over every row in order: the cpu kernel's sums.
    body: `let v = index / uniforms.d;
      let j = index % uniforms.d;
      var acc = 0.0;
      for (var n = 0; n < uniforms.rows; n = n + 1) {
        if (i32(Ids[n]) == v) {
          let i = n * uniforms.d + j;
          acc = acc + (Dy[i]${extra ? " + Extra[i]" : ""}) * uniforms.scale;
        }
      }
      setOutputAtIndex(index, acc);`
  });
  return runner.finish([out]);
};

export const biasReluWebGPU: KernelFunc = ({ inputs, backend }) => {
  const { x, bias } = inputs as Inputs;
  const runner = runnerOf(backend);
  const out = runner.run({
    name: "biasRelu",
    inputs: [["X", x!], ["Bias", bias!]],
    outputShape: x!.shape,
    uniforms: [["cols", "i32", x!.shape[1]]],
    body: `setOutputAtIndex(index, max(X[index] + Bias[index % uniforms.cols], 0.0));`
  });
  return runner.finish([out]);
};

export const reluGradWebGPU: KernelFunc = ({ inputs, backend }) => {
  const { dy, y } = inputs as Inputs;
  const runner = runnerOf(backend);
  const dx = runner.run({
    name: "reluGrad",
    inputs: [["Dy", dy!], ["Y", y!]],
    outputShape: y!.shape,
    body: `setOutputAtIndex(index, select(0.0, Dy[index], Y[index] > 0.0));`
  });
  const colSum = columnSum(runner, "relu", [["Dy", dy!], ["Y", y!]], y!.shape, "select(0.0, Dy[i], Y[i] > 0.0)");
  return runner.finish([dx, colSum]);
};
