// A small expression language for 3.1's editable computational graph: the reader types
//   x1 = 2, w1 = -3, b = 6.88; tanh(x1*w1 + b)
// (values before the semicolon, the expression after it), and gets a micrograd graph
// (components/nn/scalar-graph.ts) to draw, plus the same expression in tfjs to check its
// gradients with tf.grads. Every mistake becomes one Chinese sentence that says where.
import * as tf from "@book/tf";
import { topologicalOrder, value, type Value } from "../nn/scalar-graph.js";

export type Node =
  | { type: "num"; value: number }
  | { type: "var"; name: string }
  | { type: "neg"; arg: Node }
  | { type: "bin"; op: "+" | "-" | "*" | "/"; left: Node; right: Node }
  | { type: "pow"; base: Node; k: number }
  | { type: "call"; fn: Fn; arg: Node };

export const FUNCTIONS = ["tanh", "relu", "exp", "log", "sigmoid"] as const;
type Fn = (typeof FUNCTIONS)[number];

export interface Expression {
  values: Map<string, number>;
  root: Node;
}

export const MAX_TEXT = 300;
export const MAX_NODES = 40;

class ParseError extends Error {}

/** Parses "name = number, …; expression". */
export function parseExpression(text: string): Expression | { error: string } {
  try {
    if (text.length > MAX_TEXT) throw new ParseError(`式子太长：${text.length} 个字符，最多 ${MAX_TEXT} 个`);
    const split = text.lastIndexOf(";") >= 0 ? text.lastIndexOf(";") : text.lastIndexOf("；");
    const values = parseValues(split >= 0 ? text.slice(0, split) : "");
    const body = text.slice(split + 1);
    if (!body.trim()) throw new ParseError("分号后面还没有式子：例如 x1 = 2, w1 = -3; tanh(x1*w1)");
    const root = new Parser(body, split + 1).parse();
    for (const name of variablesOf(root)) {
      if (!values.has(name)) throw new ParseError(`变量 ${name} 没有给出数值：请在分号前写 ${name} = 某个数`);
    }
    const count = countNodes(root, values);
    if (count > MAX_NODES) throw new ParseError(`式子太大：计算图有 ${count} 个节点，最多 ${MAX_NODES} 个，再多就画不清了`);
    return { values, root };
  } catch (error) {
    if (error instanceof ParseError) return { error: error.message };
    throw error;
  }
}

function parseValues(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const item of text.split(/[,，]/).map((s) => s.trim()).filter(Boolean)) {
    const match = /^([A-Za-z_]\w*)\s*=\s*(.+)$/.exec(item);
    if (!match) throw new ParseError(`“${item}”不是赋值：分号前请写成 名字 = 数，用逗号隔开`);
    const [, name, raw] = match;
    const v = Number(raw.trim());
    if (raw.trim() === "" || !Number.isFinite(v)) throw new ParseError(`${name} = ${raw.trim()}：“${raw.trim()}”不是一个有限的数`);
    if ((FUNCTIONS as readonly string[]).includes(name)) throw new ParseError(`${name} 是函数名，不能当变量名`);
    if (values.has(name)) throw new ParseError(`变量 ${name} 赋值了两次`);
    values.set(name, v);
  }
  return values;
}

type Token = { kind: "num" | "name" | "op"; text: string; at: number };

class Parser {
  private tokens: Token[] = [];
  private i = 0;

  constructor(text: string, offset: number) {
    const pattern = /\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|([A-Za-z_]\w*)|([-+*/^()]))/y;
    let at = 0;
    while (at < text.length) {
      if (/^\s*$/.test(text.slice(at))) break;
      pattern.lastIndex = at;
      const m = pattern.exec(text);
      if (!m) {
        const bad = text.slice(at).trimStart()[0];
        throw new ParseError(`第 ${offset + text.indexOf(bad, at) + 1} 个字符“${bad}”看不懂：式子里只能有数、变量名、+ − * / ^、括号和函数 ${FUNCTIONS.join("、")}`);
      }
      const start = pattern.lastIndex - m[0].trimStart().length;
      this.tokens.push({ kind: m[1] ? "num" : m[2] ? "name" : "op", text: m[0].trim(), at: offset + start + 1 });
      at = pattern.lastIndex;
    }
  }

  parse(): Node {
    const node = this.sum();
    const rest = this.tokens[this.i];
    if (rest) throw new ParseError(rest.text === ")" ? `第 ${rest.at} 个字符：多了一个右括号` : `第 ${rest.at} 个字符“${rest.text}”前面缺少运算符`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private take(text?: string): Token {
    const token = this.tokens[this.i];
    if (!token) throw new ParseError(text === ")" ? "缺少右括号" : "式子没写完：末尾还缺一个数、变量或括号");
    if (text && token.text !== text) throw new ParseError(`第 ${token.at} 个字符：这里应该是“${text}”，却是“${token.text}”`);
    this.i++;
    return token;
  }

  private sum(): Node {
    let node = this.product();
    while (this.peek()?.text === "+" || this.peek()?.text === "-") {
      const op = this.take().text as "+" | "-";
      node = { type: "bin", op, left: node, right: this.product() };
    }
    return node;
  }

  private product(): Node {
    let node = this.unary();
    while (this.peek()?.text === "*" || this.peek()?.text === "/") {
      const op = this.take().text as "*" | "/";
      node = { type: "bin", op, left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): Node {
    if (this.peek()?.text === "-") {
      this.take();
      return { type: "neg", arg: this.unary() };
    }
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    if (this.peek()?.text !== "^") return base;
    const caret = this.take();
    const negative = this.peek()?.text === "-" ? (this.take(), true) : false;
    const k = this.peek();
    if (k?.kind !== "num") throw new ParseError(`第 ${caret.at} 个字符：^ 后面必须直接写一个数（常数指数），如 x^2`);
    this.take();
    return { type: "pow", base, k: negative ? -Number(k.text) : Number(k.text) };
  }

  private primary(): Node {
    const token = this.take();
    if (token.kind === "num") return { type: "num", value: Number(token.text) };
    if (token.text === "(") {
      const inner = this.sum();
      this.take(")");
      return inner;
    }
    if (token.kind === "name") {
      if (this.peek()?.text !== "(") {
        if ((FUNCTIONS as readonly string[]).includes(token.text)) throw new ParseError(`第 ${token.at} 个字符：函数 ${token.text} 后面要用括号，如 ${token.text}(x)`);
        return { type: "var", name: token.text };
      }
      if (!(FUNCTIONS as readonly string[]).includes(token.text)) throw new ParseError(`不认识的函数 ${token.text}：可用的函数有 ${FUNCTIONS.join("、")}`);
      this.take("(");
      const arg = this.sum();
      this.take(")");
      return { type: "call", fn: token.text as Fn, arg };
    }
    throw new ParseError(`第 ${token.at} 个字符“${token.text}”：这里应该是一个数、变量或左括号`);
  }
}

function variablesOf(node: Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: Node): void => {
    if (n.type === "var") names.add(n.name);
    else if (n.type === "bin") (visit(n.left), visit(n.right));
    else if (n.type === "neg" || n.type === "call") visit(n.arg);
    else if (n.type === "pow") visit(n.base);
  };
  visit(node);
  return names;
}

function countNodes(root: Node, values: Map<string, number>): number {
  return topologicalOrder(buildGraph({ root, values }).root).length;
}

/** The expression as a micrograd graph: each variable is one node (used twice, its gradient
 * adds up both paths). Division is a·b^(−1) and sigmoid 1/(1 + e^(−x)), as the engine has them. */
export function buildGraph({ root, values }: Expression): { root: Value; inputs: Map<string, Value> } {
  const inputs = new Map([...values].map(([name, v]) => [name, value(v, name)]));
  const build = (n: Node): Value => {
    switch (n.type) {
      case "num": return value(n.value, String(n.value));
      case "var": return inputs.get(n.name)!;
      case "neg": return build(n.arg).mul(-1);
      case "pow": return build(n.base).pow(n.k);
      case "bin": {
        const [a, b] = [build(n.left), build(n.right)];
        return n.op === "+" ? a.add(b) : n.op === "-" ? a.sub(b) : n.op === "*" ? a.mul(b) : a.mul(b.pow(-1));
      }
      case "call": {
        const x = build(n.arg);
        return n.fn === "tanh" ? x.tanh() : n.fn === "relu" ? x.relu() : n.fn === "exp" ? x.exp() : n.fn === "log" ? x.log() : x.mul(-1).exp().add(1).pow(-1);
      }
    }
  };
  return { root: build(root), inputs };
}

/** The same expression in tfjs; the gradient of every variable by tf.grads (float32); 0 for a
 * variable that was given a value but does not appear (tf.grads refuses those). */
export async function tfGradients({ root, values }: Expression): Promise<{ value: number; grads: Map<string, number> }> {
  const used = variablesOf(root);
  const names = [...values.keys()].filter((name) => used.has(name));
  const scalars = names.map((name) => tf.scalar(values.get(name)!));
  const f = (...xs: tf.Tensor[]): tf.Scalar => {
    const env = new Map(names.map((name, i) => [name, xs[i]]));
    const evaluate = (n: Node): tf.Tensor => {
      switch (n.type) {
        case "num": return tf.scalar(n.value);
        case "var": return env.get(n.name)!;
        case "neg": return tf.neg(evaluate(n.arg));
        case "pow": return tf.pow(evaluate(n.base), tf.scalar(n.k));
        case "bin": {
          const [a, b] = [evaluate(n.left), evaluate(n.right)];
          return n.op === "+" ? tf.add(a, b) : n.op === "-" ? tf.sub(a, b) : n.op === "*" ? tf.mul(a, b) : tf.div(a, b);
        }
        case "call": return tf[n.fn](evaluate(n.arg));
      }
    };
    return evaluate(root) as tf.Scalar;
  };
  const { value: out, grads } = tf.tidy(() => {
    if (names.length === 0) return { value: f(), grads: [] as tf.Tensor[] }; // a constant: nothing to differentiate
    const result = tf.valueAndGrads(f)(scalars);
    return { value: result.value, grads: result.grads };
  });
  const grad = new Map([...values.keys()].map((name) => [name, 0]));
  for (const [i, name] of names.entries()) grad.set(name, (await grads[i].data())[0]);
  const v = (await out.data())[0];
  tf.dispose([out, ...grads, ...scalars]);
  return { value: v, grads: grad };
}

/** The first node (inputs first) whose value is not a finite number, described for the reader; null if none. */
export function nonFiniteNode(root: Value): string | null {
  const bad = topologicalOrder(root).find((v) => !Number.isFinite(v.data));
  if (!bad) return null;
  const input = bad.inputs[0]?.data;
  return `${bad.op || bad.label} 的结果是 ${bad.data}${input === undefined ? "" : `（它的输入是 ${input}）`}：log 的参数必须大于 0，除数不能为 0，指数太大会溢出`;
}
