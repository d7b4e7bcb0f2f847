// A scalar automatic differentiation engine in the style of micrograd (3.1 节): every
// operation records its inputs and, next to its forward formula, the local derivative that
// backward() multiplies in by the chain rule. Small enough to draw (components/ui/graph-view.ts).

export class Value {
  grad = 0;
  private backwardStep: () => void = () => {};

  constructor(
    public data: number,
    public label = "",
    public op = "",
    public inputs: Value[] = []
  ) {}

  private static lift(x: Value | number): Value {
    return x instanceof Value ? x : new Value(x, String(x));
  }

  private result(data: number, op: string, inputs: Value[], step: (out: Value) => void, label = ""): Value {
    const out = new Value(data, label, op, inputs);
    out.backwardStep = () => step(out);
    return out;
  }

  add(other: Value | number, label = ""): Value {
    const o = Value.lift(other);
    // ∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1
    return this.result(this.data + o.data, "+", [this, o], (out) => {
      this.grad += out.grad;
      o.grad += out.grad;
    }, label);
  }

  mul(other: Value | number, label = ""): Value {
    const o = Value.lift(other);
    // ∂(ab)/∂a = b, ∂(ab)/∂b = a
    return this.result(this.data * o.data, "×", [this, o], (out) => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    }, label);
  }

  sub(other: Value | number, label = ""): Value {
    return this.add(Value.lift(other).mul(-1), label);
  }

  /** x^k for a constant k: ∂/∂x = k·x^(k−1). */
  pow(k: number, label = ""): Value {
    return this.result(this.data ** k, `^${k}`, [this], (out) => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    }, label);
  }

  /** ∂ tanh(x)/∂x = 1 − tanh²(x), from the output it already computed. */
  tanh(label = ""): Value {
    const t = Math.tanh(this.data);
    return this.result(t, "tanh", [this], (out) => {
      this.grad += (1 - t * t) * out.grad;
    }, label);
  }

  /** ∂ relu(x)/∂x = 1 for x > 0, else 0. */
  relu(label = ""): Value {
    return this.result(Math.max(0, this.data), "ReLU", [this], (out) => {
      this.grad += (this.data > 0 ? 1 : 0) * out.grad;
    }, label);
  }

  /** ∂ eˣ/∂x = eˣ. */
  exp(label = ""): Value {
    const e = Math.exp(this.data);
    return this.result(e, "exp", [this], (out) => {
      this.grad += e * out.grad;
    }, label);
  }

  /** ∂ ln x/∂x = 1/x. */
  log(label = ""): Value {
    return this.result(Math.log(this.data), "log", [this], (out) => {
      this.grad += out.grad / this.data;
    }, label);
  }

  /** Sets every gradient in the graph to 0, then runs the chain rule from this node backwards. */
  backward(): void {
    const order = topologicalOrder(this);
    for (const node of order) node.grad = 0;
    this.grad = 1;
    for (const node of order.reverse()) node.backwardStep();
  }
}

export function value(data: number, label = ""): Value {
  if (!Number.isFinite(data)) throw new Error(`${label || "输入"} 必须是有限的数，收到 ${data}`);
  return new Value(data, label);
}

/** Every node reachable from `root`, each after all of its inputs (inputs first, root last). */
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const seen = new Set<Value>();
  const visit = (node: Value) => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const input of node.inputs) visit(input);
    order.push(node);
  };
  visit(root);
  return order;
}
