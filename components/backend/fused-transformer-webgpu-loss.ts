// WGSL for BookSoftmaxXent (fused-transformer.ts has the cpu/wasm version and the formula):
// softmax cross-entropy of logits [+ bias] against integer targets, mean or over the
// positions of weight ≠ 0 (tf.losses' SUM_BY_NONZERO_WEIGHTS), with accuracy and ∂loss/∂logits.
// Programs: the count of weighted positions (only with weights; else it is the row count, a
// uniform), the loss and the accuracy (one workgroup each, summing over rows), ∂loss/∂logits
// (one thread per element, its row's max and sum recomputed: rows are short).
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { asScalar, GROUP, present, ProgramRunner, type ProgramSpec, type WebGPUBackendLike } from "./fused-transformer-webgpu-program.js";

export const softmaxXentWebGPU: KernelFunc = ({ inputs, backend }) => {
  const { logits, bias, targets, weights } = inputs as Record<string, TensorInfo | undefined>;
  const runner = new ProgramRunner(backend as unknown as WebGPUBackendLike);
  const [rows, classes] = logits!.shape;
  const uniforms: ProgramSpec["uniforms"] = [["rows", "i32", rows], ["classes", "i32", classes]];
  const weighted = weights !== undefined;
  const count = weighted
    ? runner.run({
        name: "xentCount",
        inputs: [["Weights", weights!]],
        outputShape: [1],
        uniforms,
        oneWorkgroup: true,
        body: `var local = 0.0;
          for (var n = index; n < uniforms.rows; n = n + ${GROUP}) { local = local + select(0.0, 1.0, f32(Weights[n]) != 0.0); }
          let total = groupSum(index, local);
          if (index == 0) { setOutputAtIndex(0, total); }`
      })
    : undefined;
  const COUNT = weighted ? "Count[0]" : "f32(uniforms.rows)";
  const W = weighted ? "f32(Weights[n])" : "1.0";
  // The inputs a program reads, by name (the bind group must hold exactly those).
  const reading = (...names: string[]) =>
    present(...([["Logits", logits], ["Bias", bias], ["Targets", targets], ["Weights", weights], ["Count", count]] as [string, TensorInfo | undefined][]).filter(([name]) => names.includes(name)));
  const functions = `
    fn z(n : i32, c : i32) -> f32 { return Logits[n * uniforms.classes + c]${bias ? " + Bias[c]" : ""}; }
    fn rowMax(n : i32) -> f32 {
      var m = z(n, 0);
      for (var c = 1; c < uniforms.classes; c = c + 1) { m = max(m, z(n, c)); }
      return m;
    }
    fn rowSum(n : i32, m : f32) -> f32 {
      var s = 0.0;
      for (var c = 0; c < uniforms.classes; c = c + 1) { s = s + exp(z(n, c) - m); }
      return s;
    }`;
  const loss = runner.run({
    name: "xentLoss",
    inputs: reading("Logits", "Bias", "Targets", "Weights", "Count"),
    outputShape: [1],
    uniforms,
    oneWorkgroup: true,
    functions,
    body: `var local = 0.0;
      for (var n = index; n < uniforms.rows; n = n + ${GROUP}) {
        let m = rowMax(n);
        local = local + (log(rowSum(n, m)) - (z(n, i32(Targets[n])) - m)) * ${W};
      }
      let total = groupSum(index, local);
      if (index == 0) { setOutputAtIndex(0, total / ${COUNT}); }`
  });
  // Hits are the rows whose first largest logit is the target (the cpu kernel's argmax).
  const accuracy = runner.run({
    name: "xentAccuracy",
    inputs: reading("Logits", "Bias", "Targets", "Weights"),
    outputShape: [1],
    uniforms,
    oneWorkgroup: true,
    functions,
    body: `var hits = 0.0;
      var weightSum = 0.0;
      for (var n = index; n < uniforms.rows; n = n + ${GROUP}) {
        var best = 0;
        for (var c = 1; c < uniforms.classes; c = c + 1) { if (z(n, c) > z(n, best)) { best = c; } }
        hits = hits + select(0.0, ${W}, best == i32(Targets[n]));
        weightSum = weightSum + ${W};
      }
      let totalHits = groupSum(index, hits);
      let totalWeight = groupSum(index, weightSum);
      if (index == 0) { setOutputAtIndex(0, ${weighted ? "totalHits / max(totalWeight, 1.0)" : "totalHits / f32(uniforms.rows)"}); }`
  });
  const dlogits = runner.run({
    name: "xentGrad",
    inputs: reading("Logits", "Bias", "Targets", "Weights", "Count"),
    outputShape: [rows, classes],
    uniforms,
    functions,
    body: `let n = index / uniforms.classes;
      let c = index % uniforms.classes;
      let m = rowMax(n);
      let scale = ${W} / ${COUNT};
      setOutputAtIndex(index, (exp(z(n, c) - m) / rowSum(n, m) - select(0.0, 1.0, c == i32(Targets[n]))) * scale);`
  });
  return runner.finish([asScalar(loss), asScalar(accuracy), dlogits]);
};
