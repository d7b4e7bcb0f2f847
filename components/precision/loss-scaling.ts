// Loss scaling (5.2): multiply the loss by S before the backward pass so that small gradients
// land inside FP16's range, divide the gradients by S (in FP32) before the update. Static: S
// never changes. Dynamic (as PyTorch's GradScaler): if any gradient overflowed to ∞/NaN, skip
// the step and halve S; after `interval` good steps in a row, double S.

export interface LossScaler {
  readonly kind: "none" | "static" | "dynamic";
  readonly scale: number;
  /** Tell it whether this step's gradients were all finite; returns whether to apply the step. */
  update(finite: boolean): boolean;
}

export function noScaling(): LossScaler {
  return { kind: "none", scale: 1, update: (finite) => finite };
}

export function staticScaling(scale: number): LossScaler {
  return { kind: "static", scale, update: (finite) => finite };
}

export function dynamicScaling({ initial = 2 ** 16, interval = 100, factor = 2 } = {}): LossScaler {
  let scale = initial;
  let good = 0;
  return {
    kind: "dynamic",
    get scale() {
      return scale;
    },
    update(finite) {
      if (!finite) {
        scale /= factor;
        good = 0;
        return false;
      }
      if (++good >= interval) {
        scale *= factor;
        good = 0;
      }
      return true;
    }
  };
}
