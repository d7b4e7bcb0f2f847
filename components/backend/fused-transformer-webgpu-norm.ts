// WGSL for BookAddLayerNorm and BookLayerNormGrad (fused-transformer.ts has the cpu/wasm
// versions and the formulas): LayerNorm(a + b [+ bias]) over the last axis, and its backward
// pass. A row is d ≤ a few hundred numbers, so a thread that needs its row's mean or sums
// recomputes them instead of waiting for another program: fewer dispatches, same order of sums.
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { columnSum, numberAttr, present, ProgramRunner, type WebGPUBackendLike } from "./fused-transformer-webgpu-program.js";

type Inputs = Record<string, TensorInfo | undefined>;

export const addLayerNormWebGPU: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b, bias, gamma, beta } = inputs as Inputs;
  const runner = new ProgramRunner(backend as unknown as WebGPUBackendLike);
  const [rows, d] = a!.shape;
  const sumInputs = present(["A", a], ["B", b], ["Bias", bias]);
  // The residual sum and its row mean, as the cpu kernel forms them.
  const functions = `
    fn s(n : i32, j : i32) -> f32 { return A[n * uniforms.d + j] + B[n * uniforms.d + j]${bias ? " + Bias[j]" : ""}; }
    fn rowMean(n : i32) -> f32 {
      var mean = 0.0;
      for (var j = 0; j < uniforms.d; j = j + 1) { mean = mean + s(n, j); }
      return mean / f32(uniforms.d);
    }`;
  const rstd = runner.run({
    name: "layerNormRstd",
    inputs: sumInputs,
    outputShape: [rows],
    uniforms: [["d", "i32", d], ["epsilon", "f32", numberAttr(attrs, "epsilon")]],
    functions,
    body: `let mean = rowMean(index);
      var variance = 0.0;
      for (var j = 0; j < uniforms.d; j = j + 1) { let c = s(index, j) - mean; variance = variance + c * c; }
      setOutputAtIndex(index, 1.0 / sqrt(variance / f32(uniforms.d) + uniforms.epsilon));`
  });
  const xhat = runner.run({
    name: "layerNormXhat",
    inputs: [...sumInputs, ["Rstd", rstd]],
    outputShape: [rows, d],
    uniforms: [["d", "i32", d]],
    functions,
    body: `let n = index / uniforms.d;
      setOutputAtIndex(index, (s(n, index % uniforms.d) - rowMean(n)) * Rstd[n]);`
  });
  const y = runner.run({
    name: "layerNormAffine",
    inputs: [["Xhat", xhat], ["Gamma", gamma!], ["Beta", beta!]],
    outputShape: [rows, d],
    uniforms: [["d", "i32", d]],
    body: `let j = index % uniforms.d;
      setOutputAtIndex(index, Xhat[index] * Gamma[j] + Beta[j]);`
  });
  return runner.finish([y, xhat, rstd]);
};

export const layerNormGradWebGPU: KernelFunc = ({ inputs, backend }) => {
  const { dy, extra, xhat, rstd, gamma } = inputs as Inputs;
  const runner = new ProgramRunner(backend as unknown as WebGPUBackendLike);
  const [rows, d] = xhat!.shape;
  const up = (i: string) => `(Dy[${i}]${extra ? ` + Extra[${i}]` : ""})`;
  const upInputs = present(["Dy", dy], ["Extra", extra]);
  // dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂)) with g = up ⊙ γ, per row.
  const dx = runner.run({
    name: "layerNormGradDx",
    inputs: [...upInputs, ["Xhat", xhat!], ["Rstd", rstd!], ["Gamma", gamma!]],
    outputShape: [rows, d],
    uniforms: [["d", "i32", d]],
    body: `let n = index / uniforms.d;
      var meanG = 0.0;
      var meanGX = 0.0;
      for (var k = 0; k < uniforms.d; k = k + 1) {
        let i = n * uniforms.d + k;
        let g = ${up("i")} * Gamma[k];
        meanG = meanG + g;
        meanGX = meanGX + g * Xhat[i];
      }
      meanG = meanG / f32(uniforms.d);
      meanGX = meanGX / f32(uniforms.d);
      let g = ${up("index")} * Gamma[index % uniforms.d];
      setOutputAtIndex(index, Rstd[n] * (g - meanG - Xhat[index] * meanGX));`
  });
  const dgamma = columnSum(runner, "layerNormGamma", [...upInputs, ["Xhat", xhat!]], [rows, d], `${up("i")} * Xhat[i]`);
  const dbeta = columnSum(runner, "layerNormBeta", upInputs, [rows, d], up("i"));
  const dxSum = columnSum(runner, "layerNormDx", [["Dx", dx]], [rows, d], "Dx[i]");
  return runner.finish([dx, dgamma, dbeta, dxSum]);
};
