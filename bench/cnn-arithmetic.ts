// How much arithmetic one training step of 3.2's CNN is, so the kernel profile can say how
// fast each convolution kernel computes (multiply-adds per second) and how fast a whole step
// would have to compute to reach issue 24's target against PyTorch. Counted from the
// architecture (components/nn/cnn.ts; tests/bench/cnn-arithmetic.test.ts checks the sizes
// are the ones the book builds): a k×k convolution producing h×w×c_out from c_in channels is
// h·w·c_out·k²·c_in multiply-adds; its filter gradient is as many, and so is its input
// gradient (which the first layer does not need: its input is the image).

export interface CnnSize {
  filters: readonly [number, number];
  dense: number;
}

/** The bench's two sizes, as components/nn/cnn.ts's SEED_CNN and SMALL_CNN. */
export const CNN_SIZES: Record<"full" | "small", CnnSize> = {
  full: { filters: [32, 64], dense: 128 },
  small: { filters: [8, 16], dense: 64 }
};

export interface CnnArithmetic {
  /** Multiply-adds per sample for one training step (forward, weight and input gradients). */
  perSample: number;
  forward: number;
  /** Per sample, by kernel: what Conv2D (forward), Conv2DBackpropFilter and Conv2DBackpropInput compute. */
  byKernel: Record<"Conv2D" | "Conv2DBackpropFilter" | "Conv2DBackpropInput", number>;
}

const KERNEL = 3;
const conv = (out: number, cOut: number, cIn: number) => out * out * cOut * KERNEL * KERNEL * cIn;

export function cnnArithmetic({ filters: [f1, f2], dense }: CnnSize): CnnArithmetic {
  const conv1 = conv(26, f1, 1); // 28×28 → 26×26, then pooled to 13×13
  const conv2 = conv(11, f2, f1); // 13×13 → 11×11, then pooled to 5×5
  const dense1 = 5 * 5 * f2 * dense;
  const output = dense * 10;
  const forward = conv1 + conv2 + dense1 + output;
  const inputGradients = conv2 + dense1 + output;
  return {
    perSample: 2 * forward + inputGradients,
    forward,
    byKernel: { Conv2D: conv1 + conv2, Conv2DBackpropFilter: conv1 + conv2, Conv2DBackpropInput: conv2 }
  };
}

export interface KernelRate {
  name: string;
  /** Billions of multiply-adds per second while the kernel runs. */
  gmacs: number;
}

/** Multiply-adds per second of each convolution kernel in a profile (ms per step, batch size). */
export function convolutionRates(arithmetic: CnnArithmetic, kernels: { name: string; msPerStep: number }[], batchSize: number): KernelRate[] {
  const rates: KernelRate[] = [];
  for (const [name, perSample] of Object.entries(arithmetic.byKernel)) {
    // FusedConv2D is Conv2D with its bias and activation (a fused training step may use it).
    const ms = kernels.filter((k) => k.name === name || (name === "Conv2D" && k.name === "FusedConv2D")).reduce((s, k) => s + k.msPerStep, 0);
    if (ms > 0) rates.push({ name, gmacs: (perSample * batchSize) / (ms / 1000) / 1e9 });
  }
  return rates;
}
