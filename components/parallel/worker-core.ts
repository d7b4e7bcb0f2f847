// What a 5.1 worker does with each message (src/ch5-1-parallel.md). The same code runs inside a
// Web Worker (worker-entry.ts) and, when Workers cannot start, on the page (pool.ts).
// A data-parallel worker keeps a full replica; a pipeline stage keeps layers from..to−1 and the
// inputs of its micro-batches until their backward pass (recomputing the forward, as GPipe does).
import * as tf from "@book/tf";
import { forwardLayers, layerTensors, lossAndGradient, meanCrossEntropy, sgdUpdate } from "./mlp.js";
import { clock, type FromWorker, type ToWorker } from "./protocol.js";

interface Saved {
  x: Float32Array;
  n: number;
  labels?: Uint8Array;
  microBatches: number;
}

export class WorkerCore {
  private sizes: number[] = [];
  private params = new Float32Array(0);
  private from = 0;
  private to = 0;
  private accumulated: Float32Array | null = null;
  private readonly saved = new Map<number, Saved>();

  constructor(private readonly post: (message: FromWorker, transfer?: Transferable[]) => void) {}

  async handle(message: ToWorker): Promise<void> {
    const start = clock();
    try {
      const answer = await this.run(message, start);
      this.post(answer, answer.type === "done" && answer.data ? [answer.data.buffer] : []);
    } catch (error) {
      this.post({ type: "error", id: message.id, message: (error as Error).message });
    }
  }

  private async run(message: ToWorker, start: number): Promise<FromWorker> {
    const done = (extra: Partial<Extract<FromWorker, { type: "done" }>> = {}): FromWorker => ({ type: "done", id: message.id, start, end: clock(), ...extra });
    switch (message.type) {
      case "set": {
        this.sizes = message.sizes;
        this.from = message.from ?? 0;
        this.to = message.to ?? message.sizes.length - 1;
        this.params = Float32Array.from(message.params);
        this.accumulated = null;
        this.saved.clear();
        return done();
      }
      case "gradient": {
        // A straggler: the slider's delay happens before the work, and is reported apart.
        if (message.delayMs) await new Promise((r) => setTimeout(r, message.delayMs));
        const delayEnd = clock();
        const { loss, gradient } = await lossAndGradient(this.params, this.sizes, message.x, message.labels, message.n);
        return done({ loss, data: gradient, delayEnd });
      }
      case "apply":
        sgdUpdate(this.params, message.gradient, message.lr);
        return done();
      case "params":
        return done({ data: Float32Array.from(this.params) });
      case "forward":
        return done(await this.forward(message));
      case "backward":
        return done(await this.backward(message));
      case "stage-apply":
        if (this.accumulated) sgdUpdate(this.params, this.accumulated, message.lr);
        this.accumulated = null;
        return done();
      case "matmul": {
        const y = tf.tidy(() => tf.matMul(tf.tensor2d(message.x, [message.rows, message.inner]), tf.tensor2d(message.w, [message.inner, message.cols])));
        const data = (await y.data()) as Float32Array;
        y.dispose();
        return done({ data });
      }
    }
  }

  private get endsNetwork(): boolean {
    return this.to === this.sizes.length - 1;
  }

  /** A stage's forward pass of one micro-batch; the last stage also returns the loss. */
  private async forward(m: Extract<ToWorker, { type: "forward" }>): Promise<{ data?: Float32Array; loss?: number }> {
    this.saved.set(m.micro, { x: m.x, n: m.n, labels: m.labels, microBatches: m.microBatches ?? 1 });
    const out = tf.tidy(() => {
      const h = forwardLayers(tf.tensor2d(m.x, [m.n, this.sizes[this.from]]), layerTensors(this.params, this.sizes, this.from, this.to), this.endsNetwork);
      return this.endsNetwork && m.labels ? meanCrossEntropy(h, tf.tensor1d(Int32Array.from(m.labels), "int32")) : h;
    });
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return this.endsNetwork && m.labels ? { loss: values[0] } : { data: values };
  }

  /** Recomputes the stage's forward from the saved input and back-propagates: the gradient of
   * the stage's weights is accumulated, the gradient of its input is returned for the stage before. */
  private async backward(m: Extract<ToWorker, { type: "backward" }>): Promise<{ data: Float32Array }> {
    const saved = this.saved.get(m.micro);
    if (!saved) throw new Error(`第 ${m.micro} 个微批次没有做过前向传播`);
    this.saved.delete(m.micro);
    const [dx, dw] = tf.tidy(() => {
      const x = tf.tensor2d(saved.x, [saved.n, this.sizes[this.from]]);
      const layers = layerTensors(this.params, this.sizes, this.from, this.to);
      const f = (input: tf.Tensor, ...ws: tf.Tensor[]) => {
        const h = forwardLayers(input as tf.Tensor2D, ws, this.endsNetwork);
        // The loss of the whole batch is the mean of the micro-batches' mean losses.
        if (this.endsNetwork && saved.labels) return meanCrossEntropy(h, tf.tensor1d(Int32Array.from(saved.labels), "int32")).div(saved.microBatches) as tf.Scalar;
        return tf.sum(tf.mul(h, tf.tensor2d(m.dy!, h.shape))) as tf.Scalar;
      };
      const grads = tf.grads(f)([x, ...layers]);
      return [grads[0], tf.concat(grads.slice(1).map((g) => g.reshape([-1])))];
    });
    const [dxData, dwData] = (await Promise.all([dx.data(), dw.data()])) as Float32Array[];
    tf.dispose([dx, dw]);
    if (!this.accumulated) this.accumulated = dwData;
    else for (let i = 0; i < dwData.length; i++) this.accumulated[i] += dwData[i];
    return { data: dxData };
  }

  /** The stage's parameters (for checks). */
  get parameters(): Float32Array {
    return this.params;
  }
}
