// Checked exercises of 3.2 (src/ch3-2-cnn.md): a convolution's output size, a conv layer's
// parameter count, equivariance vs invariance, and a cross-correlation written by hand,
// checked against tf.conv2d (the op the chapter's loop version in components/nn/conv.ts is
// tested against).
import * as tf from "@book/tf";
import { randomInt, randomMatrix } from "../random.js";
import type { ChoiceExercise, CodeExercise, ExerciseBank, NumArray, NumericExercise } from "../types.js";
import { valueOf } from "./tensor-reference.js";
import { receptiveFields } from "../../cnn-analysis/receptive-field.js";

type Shape = { n: number; k: number; p: number; s: number };
const outputSize: NumericExercise<Shape> = {
  kind: "numeric",
  params: (random) => {
    const k = 2 * randomInt(random, 1, 3) + 1;
    return { n: randomInt(random, 12, 64), k, p: randomInt(random, 1, (k - 1) / 2), s: randomInt(random, 1, 3) };
  },
  answer: ({ n, k, p, s }) => Math.floor((n + 2 * p - k) / s) + 1,
  tolerance: { abs: 1e-9, rel: 0 }, // integers: a near miss is a miss
  mistakes: [
    { value: ({ n, k, p, s }) => ((n + 2 * p - k) % s ? (n + 2 * p - k) / s + 1 : NaN), message: "步幅除不尽时要向下取整：窗口不能越出（补零后的）输入。" },
    { value: ({ n, k, s }) => Math.floor((n - k) / s) + 1, message: "忘了两侧各补的 p 行/列：补零后的宽度是 n + 2p。" },
    { value: ({ n, k, p, s }) => Math.floor((n + 2 * p - k) / s), message: "少了 +1：第一个窗口的位置也要算上。" }
  ]
};

type Layer = { cin: number; cout: number; k: number };
const convParams: NumericExercise<Layer> = {
  kind: "numeric",
  params: (random) => ({ cin: randomInt(random, 2, 64), cout: randomInt(random, 4, 128), k: 2 * randomInt(random, 1, 3) + 1 }),
  answer: ({ cin, cout, k }) => (k * k * cin + 1) * cout,
  tolerance: { abs: 1e-9, rel: 0 }, // integers: a near miss is a miss
  mistakes: [
    { value: ({ cin, cout, k }) => k * k * cin * cout, message: "每个输出通道还有一个偏置：再加 c_out 个参数。" },
    { value: ({ cout, k }) => (k * k + 1) * cout, message: "每个卷积核跨越全部 c_in 个输入通道：一个核有 k·k·c_in 个权重。" }
  ]
};

const equivariance: ChoiceExercise<{ shift: number }> = {
  kind: "choice",
  params: (random) => ({ shift: randomInt(random, 1, 4) }),
  options: ({ shift }) => [
    `特征图也向右平移 ${shift} 个像素（边缘除外）：卷积对平移是“等变”的`,
    "特征图完全不变：卷积对平移不敏感",
    "特征图变得面目全非，卷积对平移没有任何规律",
    `特征图向左平移 ${shift} 个像素`
  ],
  correct: () => 0,
  whyWrong: () => ({
    1: "同一个卷积核在每个位置做同样的计算，输入移动，输出跟着移动，并不是不变；近似的“不变”来自后面的池化和全连接层。",
    2: "每个输出只依赖它下面的那个窗口，窗口内容原样搬到新位置，输出也原样搬过去。",
    3: "输出跟随输入移动的方向，而不是反方向。"
  })
};

const crossCorrelate: CodeExercise<{ k: number }> = {
  kind: "code",
  functionName: "crossCorrelate",
  argNames: ["x", "kernel"],
  params: (random) => ({ k: randomInt(random, 2, 3) }),
  starter: () =>
    [
      "// x [H][W]，kernel [kh][kw]；返回不补零、步幅 1 的互相关 [H-kh+1][W-kw+1]",
      "function crossCorrelate(x: number[][], kernel: number[][]): number[][] {",
      "  return x;",
      "}",
      ""
    ].join("\n"),
  cases: (random, { k }) =>
    Array.from({ length: 4 }, (_, i) => {
      const kh = i === 3 ? randomInt(random, 1, 4) : k;
      const kw = i === 3 ? randomInt(random, 1, 4) : k;
      return [randomMatrix(random, randomInt(random, kh + 1, 8), randomInt(random, kw + 1, 8), 2), randomMatrix(random, kh, kw, 1)] as NumArray[];
    }),
  reference: ([x, kernel]) =>
    valueOf(() => {
      const image = tf.tensor2d(x as number[][]);
      const k = tf.tensor2d(kernel as number[][]);
      const [h, w] = image.shape;
      const [kh, kw] = k.shape;
      return tf.conv2d(image.reshape([1, h, w, 1]) as tf.Tensor4D, k.reshape([kh, kw, 1, 1]) as tf.Tensor4D, 1, "valid").reshape([h - kh + 1, w - kw + 1]);
    })
};

type Stack = { k1: number; pool: number; k2: number };
/** conv k1 → pool (window = stride) → conv k2: the answer from the page's calculator (receptive-field.ts). */
const receptiveField: NumericExercise<Stack> = {
  kind: "numeric",
  params: (random) => ({ k1: 2 * randomInt(random, 1, 3) + 1, pool: randomInt(random, 2, 3), k2: 2 * randomInt(random, 1, 3) + 1 }),
  answer: ({ k1, pool, k2 }) => receptiveFields([
    { name: "conv1", kind: "conv", kernel: k1, stride: 1, padding: 0 },
    { name: "pool1", kind: "pool", kernel: pool, stride: pool, padding: 0 },
    { name: "conv2", kind: "conv", kernel: k2, stride: 1, padding: 0 }
  ], 64).at(-1)!.field,
  tolerance: { abs: 1e-9, rel: 0 }, // integers: a near miss is a miss
  mistakes: [
    { value: ({ k1, pool, k2 }) => k1 + pool + k2 - 2, message: "池化之后，第二个卷积层上相邻两格在输入上相隔的不是 1 个像素，而是池化的步幅：(k₂ − 1) 要乘以跳距。" },
    { value: ({ k1, pool, k2 }) => k1 * pool * k2, message: "感受野不是窗口边长的乘积：每层只在上一层的基础上多覆盖 (k − 1)·j 个像素。" },
    { value: ({ k1, pool, k2 }) => k1 + (k2 - 1) * pool, message: "还差池化层自己的 (k − 1)·j = pool − 1：池化窗口也扩大了感受野。" }
  ]
};

export const exercises: ExerciseBank = {
  "ch3-2-output-size": outputSize,
  "ch3-2-conv-params": convParams,
  "ch3-2-equivariance": equivariance,
  "ch3-2-cross-correlate": crossCorrelate,
  "ch3-2-receptive-field": receptiveField
};
