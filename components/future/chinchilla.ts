// Compute-optimal model size (第7章 7.4), after Hoffmann et al. 2022 ("Training
// Compute-Optimal Large Language Models", the Chinchilla paper): training a dense
// transformer with N parameters on D tokens costs C ≈ 6·N·D FLOPs, and for a fixed C the
// loss is lowest near D ≈ 20·N. Together: N_opt = √(C / (6·20)), D_opt = 20·N_opt.

export const FLOPS_PER_PARAM_TOKEN = 6;
export const TOKENS_PER_PARAM = 20;

export interface ComputeOptimal {
  flops: number;
  params: number;
  tokens: number;
}

export function computeOptimal(flops: number, tokensPerParam = TOKENS_PER_PARAM): ComputeOptimal {
  if (!(Number.isFinite(flops) && flops > 0)) throw new RangeError(`算力预算必须是正数（单位 FLOP），收到 ${flops}`);
  if (!(Number.isFinite(tokensPerParam) && tokensPerParam > 0)) throw new RangeError(`每个参数的词元数必须是正数，收到 ${tokensPerParam}`);
  const params = Math.sqrt(flops / (FLOPS_PER_PARAM_TOKEN * tokensPerParam));
  return { flops, params, tokens: tokensPerParam * params };
}

/** The training compute of a given model and data size: C ≈ 6·N·D. */
export function trainingFlops(params: number, tokens: number): number {
  return FLOPS_PER_PARAM_TOKEN * params * tokens;
}

/** 1.2e9 → "12 亿"; 7e10 → "700 亿"; 1.4e12 → "1.4 万亿". */
export function chineseCount(n: number): string {
  const units: [number, string][] = [
    [1e12, "万亿"],
    [1e8, "亿"],
    [1e4, "万"]
  ];
  for (const [size, name] of units) if (n >= size) return `${trim(n / size)} ${name}`;
  return trim(n);
}

function trim(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString("en-US") : Number(x.toPrecision(3)).toString();
}
