// A small, safe parser for what readers type as an answer: numbers ("0.5^20", "1/4",
// "15%", "1e-3") and short formulas in the exercise's variables ("4h(d+h+1)"). No eval:
// the text becomes a closure over the variables. Implicit products ("4h", "2(d+1)")
// are allowed; "×", "·", "−" and full-width characters are normalised first.

export type Evaluate = (variables: Record<string, number>) => number;

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

const FUNCTIONS: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  abs: Math.abs,
  sigmoid: (x) => 1 / (1 + Math.exp(-x))
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, π: Math.PI };

type Token = { type: "num"; value: number } | { type: "name"; value: string } | { type: "op"; value: string };

export function normalizeExpression(text: string): string {
  return text.normalize("NFKC").replace(/[×·⋅∗]/g, "*").replace(/[−–—]/g, "-").replace(/÷/g, "/").replace(/\*\*/g, "^").trim();
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|([A-Za-z_π][A-Za-z0-9_]*)|([-+*/^()%]))/iy;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) {
      if (/^\s*$/.test(text.slice(at))) break;
      const ch = text.slice(at).trimStart()[0];
      throw new ExpressionError(`无法识别的字符“${ch}”（第 ${text.indexOf(ch, at) + 1} 个字符）。可以用数字、变量、+ − × ÷ ^ 和括号。`);
    }
    if (match[1] !== undefined) tokens.push({ type: "num", value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ type: "name", value: match[2] });
    else tokens.push({ type: "op", value: match[3] });
    at = pattern.lastIndex;
  }
  return tokens;
}

/** Parses `text`; names must be among `variables`, a function or a constant. */
export function parseExpression(text: string, variables: readonly string[] = []): Evaluate {
  const source = normalizeExpression(text);
  if (!source) throw new ExpressionError("答案是空的：请填写一个数或式子。");
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (value: string) => peek()?.type === "op" && peek()!.value === value;
  const startsFactor = () => {
    const t = peek();
    return t !== undefined && (t.type === "num" || t.type === "name" || (t.type === "op" && t.value === "("));
  };

  const sum = (): Evaluate => {
    let left = product();
    while (isOp("+") || isOp("-")) {
      const op = (tokens[at++] as { value: string }).value;
      const l = left;
      const r = product();
      left = op === "+" ? (v) => l(v) + r(v) : (v) => l(v) - r(v);
    }
    return left;
  };
  const product = (): Evaluate => {
    let left = unary();
    for (;;) {
      if (isOp("*") || isOp("/")) {
        const op = (tokens[at++] as { value: string }).value;
        const l = left;
        const r = unary();
        left = op === "*" ? (v) => l(v) * r(v) : (v) => l(v) / r(v);
      } else if (startsFactor()) {
        const l = left;
        const r = power(); // implicit product: 4h, 2(d+1)
        left = (v) => l(v) * r(v);
      } else return left;
    }
  };
  const unary = (): Evaluate => {
    if (isOp("-")) {
      at++;
      const inner = unary();
      return (v) => -inner(v);
    }
    if (isOp("+")) {
      at++;
      return unary();
    }
    return power();
  };
  const power = (): Evaluate => {
    const base = postfix();
    if (!isOp("^")) return base;
    at++;
    const exponent = unary(); // right-associative, allows 2^-3
    return (v) => base(v) ** exponent(v);
  };
  const postfix = (): Evaluate => {
    let value = atom();
    while (isOp("%")) {
      at++;
      const inner = value;
      value = (v) => inner(v) / 100;
    }
    return value;
  };
  const atom = (): Evaluate => {
    const token = tokens[at++];
    if (!token) throw new ExpressionError("式子不完整：结尾缺少一个数或变量。");
    if (token.type === "num") return () => token.value;
    if (token.type === "op" && token.value === "(") {
      const inner = sum();
      if (!isOp(")")) throw new ExpressionError("括号没有配对：缺少“)”。");
      at++;
      return inner;
    }
    if (token.type === "name") {
      const name = token.value;
      if (variables.includes(name)) return (v) => v[name];
      if (name in FUNCTIONS) {
        if (!isOp("(")) throw new ExpressionError(`函数 ${name} 后面要跟括号，如 ${name}(x)。`);
        const arg = atom();
        return (v) => FUNCTIONS[name](arg(v));
      }
      if (name in CONSTANTS) return () => CONSTANTS[name];
      const hint = variables.length ? `本题可用的变量：${variables.join("、")}` : "本题的答案是一个数，不含变量";
      const split = name.length > 1 && [...name].every((ch) => variables.includes(ch)) ? `；相乘请写成 ${[...name].join("*")}` : "";
      throw new ExpressionError(`不认识“${name}”：${hint}${split}。`);
    }
    throw new ExpressionError(`“${token.value}”放错了位置。`);
  };

  const result = sum();
  if (at < tokens.length) {
    const token = tokens[at];
    throw new ExpressionError(token.type === "op" && token.value === ")" ? "括号没有配对：多了一个“)”。" : `“${token.value}”放错了位置。`);
  }
  return result;
}

/** A number typed by the reader (an expression without variables). */
export function parseNumber(text: string): number {
  return parseExpression(text)({});
}
