// What a recurrent layer that computes the whole sequence itself (fast-simple-rnn.ts,
// fast-lstm.ts) needs from tf.layers around its call(): a tf.layers cell that only holds the
// weights (so names, layout and initialisers, and with them seeded initial weights, are
// tf.layers'), the output shape, the maskZero mask passed on, and the config for saving.
import * as tf from "@book/tf";

/** A tf.layers RNN cell (SimpleRNNCell, LSTMCell, GRUCell): its call() is never used here. */
export type WeightCell = tf.layers.Layer & { units: number };

export interface SequenceArgs {
  /** Every step's h [batch, T, units] (true) or the last one [batch, units] (default). */
  returnSequences?: boolean;
}

export abstract class FastRecurrentLayer<Cell extends WeightCell> extends tf.layers.Layer {
  readonly cell: Cell;
  readonly units: number;
  readonly returnSequences: boolean;

  constructor(args: ConstructorParameters<typeof tf.layers.Layer>[0] & SequenceArgs, cell: Cell) {
    super(args);
    this.cell = cell;
    this.units = cell.units;
    this.returnSequences = args.returnSequences ?? false;
    this.supportsMasking = true;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 3) throw new Error(`${this.getClassName()} expects [batch, time, features], got [${shape.join(", ")}]`);
    // Built inside this layer's name scope, so the variables are named as tf.layers' RNN's.
    // The tidy frees what an initialiser leaves behind (variables survive it).
    tf.tidy(() => this.cell.build([shape[0], shape[2]]));
    this.built = true;
  }

  get trainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.cell.trainableWeights : [];
  }

  get nonTrainableWeights(): tf.LayerVariable[] {
    return this.trainable ? this.cell.nonTrainableWeights : this.cell.weights;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, steps] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [batch, steps, this.units] : [batch, this.units];
  }

  /** The mask passes on with the sequence; a last-step output has none (null, as tfjs's RNN
   * returns, although the base class's type says Tensor). */
  computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const one = Array.isArray(mask) ? mask[0] : mask;
    return (this.returnSequences && one ? one : null) as tf.Tensor;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...this.cell.getConfig(), ...super.getConfig(), returnSequences: this.returnSequences };
  }
}

/** Every step's input projection x·W + b as time-major rows [T, batch, W's columns] (each
 * step one contiguous slice), and the maskZero mask as keep [T, batch, 1] (1 a real input,
 * 0 padding), or null without a mask. */
export function timeMajorInputs(x: tf.Tensor3D, kernel: tf.Tensor, bias: tf.Tensor | null, mask: tf.Tensor | null | undefined): { projected: tf.Tensor3D; keep: tf.Tensor3D | null } {
  const [batch, steps, features] = x.shape;
  const timeMajor = tf.reshape(tf.transpose(x, [1, 0, 2]), [steps * batch, features]);
  const projected = tf.fused.matMul({ a: timeMajor as tf.Tensor2D, b: kernel as tf.Tensor2D, bias: bias ?? undefined });
  const keep = mask ? (tf.reshape(tf.transpose(tf.cast(mask, "float32")), [steps, batch, 1]) as tf.Tensor3D) : null;
  return { projected: tf.reshape(projected, [steps, batch, kernel.shape[1]!]) as tf.Tensor3D, keep };
}
