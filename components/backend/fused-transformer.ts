// Fused kernels for 3.5's Transformer training step (components/nn/transformer-step.ts),
// for cpu and wasm. Measured on the book's TinyTransformer (batch 64, length 8, d 32, 2
// layers), one step was 1,029 kernels but only ~12 ms of kernel time in ~19 ms: the rest
// was the engine's overhead per kernel. Each kernel here replaces a chain of small ones
// (forward and hand-written backward), in the same formulas as the book's ops:
//   BookEmbed / BookEmbedGrad        x = E[ids]·s + PE[t]           and dE = Σ s·dx per id
//   BookAttention / BookAttentionGrad softmax(Q Kᵀ/√d_h + mask) V per head, Q|K|V in one
//                                     [N, 3d] matrix, heads merged in the output
//   BookAddLayerNorm / …Grad          LayerNorm(a + b [+ bias]) over the last axis
//   BookBiasRelu / BookReluGrad       max(0, x + bias); dy ⊙ [y > 0] and its column sums
//   BookSoftmaxXent                   mean (or weighted) softmax cross-entropy of logits
//                                     [+ bias], accuracy and ∂loss/∂logits in one pass
import { registerJsKernels, type JsKernel } from "./fused-js-kernel.js";

const NEG = -1e9; // as components/nn/attention.ts: a masked score's weight is exactly 0

const embed: JsKernel = {
  name: "BookEmbed",
  inputs: ["table", "ids", "positions"],
  outputs: ({ table, ids }) => [{ shape: [ids[0] * ids[1], table[1]] }],
  compute({ table, ids, positions }, [out], shapes, { scale }) {
    const [v, d] = shapes.table;
    const t = shapes.ids[1];
    const s = scale as number;
    for (let n = 0; n < ids!.length; n++) {
      const id = ids![n];
      if (id < 0 || id >= v) throw new Error(`BookEmbed: id ${id} is not in [0, ${v - 1}]`);
      const p = (n % t) * d;
      for (let j = 0; j < d; j++) out[n * d + j] = table![id * d + j] * s + positions![p + j];
    }
  }
};

const embedGrad: JsKernel = {
  name: "BookEmbedGrad",
  inputs: ["dy", "extra?", "ids"],
  outputs: ({ dy }, { vocab }) => [{ shape: [vocab as number, dy[1]] }],
  compute({ dy, extra, ids }, [out], shapes, { scale }) {
    const d = shapes.dy[1];
    const s = scale as number;
    for (let n = 0; n < ids!.length; n++) {
      const to = ids![n] * d;
      for (let j = 0; j < d; j++) out[to + j] += (dy![n * d + j] + (extra ? extra[n * d + j] : 0)) * s;
    }
  }
};

const attention: JsKernel = {
  name: "BookAttention",
  inputs: ["qkv", "padding?"],
  outputs: ({ qkv }, { batch, heads }) => {
    const t = qkv[0] / (batch as number);
    return [{ shape: [qkv[0], qkv[1] / 3] }, { shape: [batch as number, heads as number, t, t] }];
  },
  compute({ qkv, padding }, [ctx, weights], shapes, attrs) {
    const [batch, heads, causal] = [attrs.batch as number, attrs.heads as number, attrs.causal as boolean];
    const [rows, width] = shapes.qkv;
    const d = width / 3;
    const dh = d / heads;
    const t = rows / batch;
    const inv = attrs.scale ? 1 / Math.sqrt(dh) : 1;
    const x = qkv!;
    const row = new Float64Array(t);
    for (let b = 0; b < batch; b++)
      for (let h = 0; h < heads; h++)
        for (let i = 0; i < t; i++) {
          const q = (b * t + i) * width + h * dh;
          let max = -Infinity;
          for (let j = 0; j < t; j++) {
            const k = (b * t + j) * width + d + h * dh;
            let dot = 0;
            for (let c = 0; c < dh; c++) dot += x[q + c] * x[k + c];
            // the additive masks of attention.ts: (1 − padding)·NEG, NEG above the diagonal
            let score = dot * inv;
            if (padding) score += (1 - padding[b * t + j]) * NEG;
            if (causal && j > i) score += NEG;
            row[j] = score;
            if (score > max) max = score;
          }
          let sum = 0;
          for (let j = 0; j < t; j++) sum += row[j] = Math.exp(row[j] - max);
          const w = ((b * heads + h) * t + i) * t;
          const o = (b * t + i) * d + h * dh;
          for (let j = 0; j < t; j++) {
            const p = (weights[w + j] = row[j] / sum);
            const v = (b * t + j) * width + 2 * d + h * dh;
            for (let c = 0; c < dh; c++) ctx[o + c] += p * x[v + c];
          }
        }
  }
};

const attentionGrad: JsKernel = {
  name: "BookAttentionGrad",
  inputs: ["dctx", "qkv", "weights"],
  outputs: ({ qkv }) => [{ shape: qkv }],
  compute({ dctx, qkv, weights }, [dqkv], shapes, attrs) {
    const [batch, heads] = [attrs.batch as number, attrs.heads as number];
    const [rows, width] = shapes.qkv;
    const d = width / 3;
    const dh = d / heads;
    const t = rows / batch;
    const inv = attrs.scale ? 1 / Math.sqrt(dh) : 1;
    const [x, g, P] = [qkv!, dctx!, weights!];
    const dp = new Float64Array(t);
    for (let b = 0; b < batch; b++)
      for (let h = 0; h < heads; h++)
        for (let i = 0; i < t; i++) {
          const w = ((b * heads + h) * t + i) * t;
          const o = (b * t + i) * d + h * dh;
          let dot = 0; // Σ_j P_ij dP_ij
          for (let j = 0; j < t; j++) {
            const v = (b * t + j) * width + 2 * d + h * dh;
            let s = 0;
            for (let c = 0; c < dh; c++) {
              s += g[o + c] * x[v + c];
              dqkv[v + c] += P[w + j] * g[o + c]; // dV
            }
            dp[j] = s;
            dot += P[w + j] * s;
          }
          const q = (b * t + i) * width + h * dh;
          for (let j = 0; j < t; j++) {
            const ds = P[w + j] * (dp[j] - dot) * inv;
            if (ds === 0) continue;
            const k = (b * t + j) * width + d + h * dh;
            for (let c = 0; c < dh; c++) {
              dqkv[q + c] += ds * x[k + c]; // dQ
              dqkv[k + c] += ds * x[q + c]; // dK
            }
          }
        }
  }
};

const addLayerNorm: JsKernel = {
  name: "BookAddLayerNorm",
  inputs: ["a", "b", "bias?", "gamma", "beta"],
  outputs: ({ a }) => [{ shape: a }, { shape: a }, { shape: [a[0]] }],
  compute({ a, b, bias, gamma, beta }, [y, xhat, rstd], shapes, { epsilon }) {
    const [rows, d] = shapes.a;
    const s = new Float64Array(d);
    for (let n = 0; n < rows; n++) {
      let mean = 0;
      for (let j = 0; j < d; j++) mean += s[j] = a![n * d + j] + b![n * d + j] + (bias ? bias[j] : 0);
      mean /= d;
      let variance = 0;
      for (let j = 0; j < d; j++) variance += (s[j] - mean) ** 2;
      const r = (rstd[n] = 1 / Math.sqrt(variance / d + (epsilon as number)));
      for (let j = 0; j < d; j++) {
        const xh = (xhat[n * d + j] = (s[j] - mean) * r);
        y[n * d + j] = xh * gamma![j] + beta![j];
      }
    }
  }
};

const layerNormGrad: JsKernel = {
  name: "BookLayerNormGrad",
  inputs: ["dy", "extra?", "xhat", "rstd", "gamma"],
  outputs: ({ xhat }) => [{ shape: xhat }, { shape: [xhat[1]] }, { shape: [xhat[1]] }, { shape: [xhat[1]] }],
  compute({ dy, extra, xhat, rstd, gamma }, [dx, dgamma, dbeta, dxSum], shapes) {
    const [rows, d] = shapes.xhat;
    const g = new Float64Array(d);
    for (let n = 0; n < rows; n++) {
      let meanG = 0;
      let meanGX = 0;
      for (let j = 0; j < d; j++) {
        const i = n * d + j;
        const up = dy![i] + (extra ? extra[i] : 0);
        dgamma[j] += up * xhat![i];
        dbeta[j] += up;
        g[j] = up * gamma![j];
        meanG += g[j];
        meanGX += g[j] * xhat![i];
      }
      meanG /= d;
      meanGX /= d;
      for (let j = 0; j < d; j++) {
        const v = (dx[n * d + j] = rstd![n] * (g[j] - meanG - xhat![n * d + j] * meanGX));
        dxSum[j] += v;
      }
    }
  }
};

const biasRelu: JsKernel = {
  name: "BookBiasRelu",
  inputs: ["x", "bias"],
  outputs: ({ x }) => [{ shape: x }],
  compute({ x, bias }, [y], shapes) {
    const [rows, d] = shapes.x;
    for (let n = 0, i = 0; n < rows; n++)
      for (let j = 0; j < d; j++, i++) {
        const v = x![i] + bias![j];
        y[i] = v > 0 ? v : 0;
      }
  }
};

const reluGrad: JsKernel = {
  name: "BookReluGrad",
  inputs: ["dy", "y"],
  outputs: ({ y }) => [{ shape: y }, { shape: [y[1]] }],
  compute({ dy, y }, [dx, colSum], shapes) {
    const [rows, d] = shapes.y;
    for (let n = 0, i = 0; n < rows; n++)
      for (let j = 0; j < d; j++, i++)
        if (y![i] > 0) {
          const g = dy![i];
          dx[i] = g;
          colSum[j] += g;
        }
  }
};

const softmaxXent: JsKernel = {
  name: "BookSoftmaxXent",
  inputs: ["logits", "bias?", "targets", "weights?"],
  outputs: ({ logits }) => [{ shape: [] }, { shape: [] }, { shape: logits }],
  compute({ logits, bias, targets, weights }, [loss, accuracy, dlogits], shapes) {
    const [rows, v] = shapes.logits;
    let count = 0; // the denominator of tf.losses' SUM_BY_NONZERO_WEIGHTS
    let weightSum = 0;
    for (let n = 0; n < rows; n++) {
      const w = weights ? weights[n] : 1;
      if (w !== 0) count++;
      weightSum += w;
    }
    let total = 0;
    let hits = 0;
    const z = new Float64Array(v);
    for (let n = 0; n < rows; n++) {
      const w = weights ? weights[n] : 1;
      const target = targets![n];
      let max = -Infinity;
      let best = 0;
      for (let c = 0; c < v; c++) {
        z[c] = logits![n * v + c] + (bias ? bias[c] : 0);
        if (z[c] > max) {
          max = z[c];
          best = c;
        }
      }
      const shifted = z[target] - max;
      let sum = 0;
      for (let c = 0; c < v; c++) sum += z[c] = Math.exp(z[c] - max);
      total += (Math.log(sum) - shifted) * w;
      if (best === target) hits += w;
      const scale = w / count;
      for (let c = 0; c < v; c++) dlogits[n * v + c] = (z[c] / sum - (c === target ? 1 : 0)) * scale;
    }
    loss[0] = total / count;
    accuracy[0] = weights ? hits / Math.max(weightSum, 1) : hits / rows;
  }
};

export const FUSED_TRANSFORMER_KERNELS = [embed, embedGrad, attention, attentionGrad, addLayerNorm, layerNormGrad, biasRelu, reluGrad, softmaxXent];

/** Registers the kernels above for cpu and wasm (once); returns what was added. */
export function registerFusedTransformerKernels(): string[] {
  return registerJsKernels(FUSED_TRANSFORMER_KERNELS);
}
