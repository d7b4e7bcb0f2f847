// Checked exercises of 3.5 (src/ch3-5-transformer.md): one positional-encoding value
// (from positionalEncoding), the parameters of the book's encoder block (counted from
// initBlock's tensors), why √d, and scaled dot-product attention as code, checked against
// the chapter's loop version (components/nn/attention-loop.ts).
import { attentionLoop } from "../../nn/attention-loop.js";
import { positionalEncoding } from "../../nn/attention.js";
import { blockTensors, initBlock } from "../../nn/blocks.js";
import { pick, randomInt, randomMatrix } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";
import { parameterCount, valueOf } from "./tensor-reference.js";

const peValue: NumericExercise<{ d: number; pos: number; j: number }> = {
  kind: "numeric",
  params: (random) => {
    const d = pick(random, [4, 6, 8, 10]);
    return { d, pos: randomInt(random, 1, 9), j: randomInt(random, 0, d - 1) };
  },
  answer: async ({ d, pos, j }) => ((await valueOf(() => positionalEncoding(pos + 1, d))) as number[][])[pos][j],
  tolerance: { abs: 5e-4, rel: 1e-3 },
  mistakes: [
    {
      value: ({ d, pos, j }) => (j % 2 ? Math.sin : Math.cos)(pos / 10000 ** ((j - (j % 2)) / d)),
      message: "sin 与 cos 用反了：偶数维（下标 0, 2, …）用 sin，奇数维用 cos。"
    },
    // Only odd dimensions can get the exponent wrong this way (NaN: never matches).
    { value: ({ d, pos, j }) => (j % 2 ? Math.cos(pos / 10000 ** (j / d)) : NaN), message: "频率指数用错了：维度 2i 与 2i+1 共用频率 1/10000^{2i/d}，奇数维不要用 j/d。" },
    { value: ({ d, pos, j }) => (j % 2 ? Math.cos : Math.sin)(((pos / 10000 ** ((j - (j % 2)) / d)) * Math.PI) / 180), message: "计算器处在角度模式：这里的角是弧度。" }
  ]
};

const encoderParams: NumericExercise<{ d: number; heads: number; ffn: number }> = {
  kind: "numeric",
  params: (random) => {
    const d = pick(random, [16, 32, 48, 64, 96, 128]);
    return { d, heads: pick(random, [2, 4, 8]), ffn: d * pick(random, [2, 4]) };
  },
  answer: ({ d, ffn }) => {
    let seed = 1;
    return parameterCount(() => blockTensors(initBlock(d, ffn, () => seed++)));
  },
  tolerance: { abs: 0.5, rel: 0 },
  mistakes: [
    { value: ({ d, heads, ffn }) => heads * 4 * d * d + 2 * d * ffn + ffn + d + 4 * d, message: "多头并不增加参数：h 个头是把 d 维切成 h 份，W_Q、W_K、W_V、W_O 仍各是 d×d。" },
    { value: ({ d, ffn }) => 4 * d * d + 2 * d * ffn + ffn + d, message: "漏了两个层归一化：每个有 γ 和 β 各 d 个参数。" },
    { value: ({ d, ffn }) => 4 * d * d + 2 * d * ffn, message: "漏了前馈网络的偏置和层归一化的 γ、β。" },
    { value: ({ d, ffn }) => 4 * (d * d + d) + 2 * d * ffn + ffn + d + 4 * d, message: "本书的注意力投影不带偏置（见 components/nn/blocks.ts），不用加 4d。" }
  ]
};

const whyScale: ChoiceExercise<{ d: number }> = {
  kind: "choice",
  params: (random) => ({ d: pick(random, [16, 64, 256, 512]) }),
  options: ({ d }) => [
    `q·k 是 ${d} 个乘积之和，方差约为 ${d}；不缩放时 softmax 接近独热，梯度很小`,
    "为了让注意力权重之和等于 1",
    "为了减少计算量",
    "为了让 Q 和 K 的形状匹配"
  ],
  correct: () => 0,
  whyWrong: () => ({ 1: "权重之和为 1 是 softmax 本身保证的，与缩放无关。", 2: "除以一个常数不会减少计算量。", 3: "缩放不改变形状。" })
};

const MASKS = ["不加掩码", "加因果掩码：查询 i 只能看键 j ≤ i"];
const attention: CodeExercise<{ mask: string }> = {
  kind: "code",
  functionName: "attention",
  argNames: ["Q", "K", "V"],
  params: (random) => ({ mask: pick(random, MASKS) }),
  starter: () => ["// Q [Tq][d]，K [Tk][d]，V [Tk][dv]；返回输出 [Tq][dv]", "function attention(Q: number[][], K: number[][], V: number[][]): number[][] {", "  return Q;", "}", ""].join("\n"),
  cases: (random, { mask }) =>
    Array.from({ length: 4 }, (_, i) => {
      const tk = randomInt(random, 2, 6);
      const tq = mask === MASKS[1] ? tk : randomInt(random, 1, 5);
      const d = randomInt(random, 2, 8);
      const dv = i === 0 ? d : randomInt(random, 1, 5);
      return [randomMatrix(random, tq, d, 2), randomMatrix(random, tk, d, 2), randomMatrix(random, tk, dv, 2)] as NumArray[];
    }),
  reference: ([Q, K, V], { mask }) => attentionLoop(Q as number[][], K as number[][], V as number[][], mask === MASKS[1] ? { allowed: (i, j) => j <= i } : {}).output,
  tolerance: 1e-6
};

// Added with the PyTorch mapping, the PE distance fix and the pre-LN/post-LN comparison.
const peDistance: ChoiceExercise = {
  kind: "choice",
  params: () => ({}),
  options: () => [
    "点积只取决于距离 k，等于 Σ cos(k ω_i)，在 k = 0 最大，但不随距离单调减小",
    "两个位置离得越近，点积一定越大",
    "点积取决于两个位置本身，而不只是它们的距离",
    "点积在距离 d/2 时最大"
  ],
  correct: () => 0,
  whyWrong: () => ({
    1: "d = 32 时距离 4 的点积是 11.66，距离 6 是 11.89：更远反而更大。",
    2: "由和角公式，sin a sin b + cos a cos b = cos(a − b)，只剩下距离。",
    3: "每一项 cos(k ω_i) 在 k = 0 时都取最大值 1，所以 k = 0 最大。"
  })
};

const torchShape: ChoiceExercise<{ e: number; h: number; shift: number }> = {
  kind: "choice",
  params: (random) => {
    const h = pick(random, [2, 4, 8]);
    return { e: h * randomInt(random, 4, 16), h, shift: randomInt(random, 0, 3) };
  },
  options: ({ e, h, shift }) => [0, 1, 2, 3].map((i) => [`[${3 * e}, ${e}]`, `[${e}, ${e}]`, `[${3 * e}, ${e / h}]`, `[${e}, ${3 * e}]`][(i + shift) % 4]),
  correct: ({ shift }) => (4 - shift) % 4,
  whyWrong: () => ({})
};

const preLn: ChoiceExercise = {
  kind: "choice",
  params: () => ({}),
  options: () => [
    "pre-LN：x + Sublayer(LN(x)) 留下一条不经过层归一化的残差通路，深层堆叠在较大学习率下也容易训练",
    "post-LN：LN(x + Sublayer(x)) 每层都归一化，所以永远不需要预热",
    "两者数学上等价，只是写法不同",
    "pre-LN 不需要最后再加一个层归一化"
  ],
  correct: () => 0,
  whyWrong: () => ({
    1: "Xiong 等（2020）指出 post-LN 在输出层附近的梯度偏大，正是它需要学习率预热的原因。",
    2: "层归一化的位置不同，函数就不同：pre-LN 的残差通路上没有归一化。",
    3: "pre-LN 的残差流从不归一化，GPT-2 因此在最后加了一个层归一化。"
  })
};

export const exercises: ExerciseBank = {
  "ch3-5-pe": peValue,
  "ch3-5-encoder-params": encoderParams,
  "ch3-5-why-scale": whyScale,
  "ch3-5-attention": attention,
  "ch3-5-pe-distance": peDistance,
  "ch3-5-torch-shape": torchShape,
  "ch3-5-pre-ln": preLn
};
