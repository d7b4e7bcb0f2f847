// Turns the code of an edited book cell (TypeScript or JavaScript) into a cell definition
// for Framework's reactive runtime: the names it declares (outputs), the names of other
// cells and built-ins it reads (inputs), and a body function. Line numbers are kept, so
// errors point at the reader's line. Used by the notebook engine (首页 explains cells).
import { parse, type Node } from "acorn";
import { fullAncestor } from "acorn-walk";
import { transform } from "@book/sucrase";

export class CellSyntaxError extends SyntaxError {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(`${message}（第 ${line} 行，第 ${column} 列）`);
    this.name = "SyntaxError";
  }
}

export interface CompileOptions {
  lang: "ts" | "js";
  /** Names a cell may read: other cells' outputs and the runtime's built-ins. */
  knownNames: ReadonlySet<string>;
  /** Maps an import specifier to a URL the browser can load, or null if unavailable. */
  resolveImport: (specifier: string) => string | null;
}

export interface CompiledCell {
  inputs: string[];
  outputs: string[];
  /** The body's source: the cell's code (same lines) followed by a return of its outputs. */
  source: string;
}

type AnyNode = Node & Record<string, any>;

export function compileCell(code: string, { lang, knownNames, resolveImport }: CompileOptions): CompiledCell {
  const js = lang === "ts" ? stripTypes(code) : code;
  let program: AnyNode;
  try {
    program = parse(js, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true, locations: true }) as AnyNode;
  } catch (error) {
    const { loc } = error as { loc?: { line: number; column: number } };
    const message = String((error as Error).message).replace(/\s*\(\d+:\d+\)$/, "");
    throw new CellSyntaxError(message, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }

  const outputs: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of program.body as AnyNode[]) {
    if (statement.type === "ImportDeclaration") {
      const specifier = statement.source.value as string;
      const url = resolveImport(specifier);
      if (!url) throw new CellSyntaxError(`无法导入 "${specifier}"：编辑后的代码只能导入本页已经加载的模块`, ...position(statement));
      const names = importBindings(statement);
      outputs.push(...names.map(([, local]) => local));
      const namespace = statement.specifiers.find((s: AnyNode) => s.type === "ImportNamespaceSpecifier");
      const pattern = namespace ? namespace.local.name : `{${names.map(([imported, local]) => (imported === local ? local : `${imported}: ${local}`)).join(", ")}}`;
      const lines = "\n".repeat(js.slice(statement.start, statement.end).split("\n").length - 1);
      edits.push({ start: statement.start, end: statement.end, text: `const ${pattern} = await import(${JSON.stringify(url)});${lines}` });
    } else if (statement.type.startsWith("Export")) {
      throw new CellSyntaxError("代码单元中不能使用 export：顶层声明的名字会自动提供给其他代码单元", ...position(statement));
    } else if (statement.type === "VariableDeclaration") {
      for (const declaration of statement.declarations) outputs.push(...patternNames(declaration.id));
    } else if ((statement.type === "FunctionDeclaration" || statement.type === "ClassDeclaration") && statement.id) {
      outputs.push(statement.id.name);
    }
  }

  let body = applyEdits(js, edits);
  const [only] = program.body as AnyNode[];
  const implicitDisplay = program.body.length === 1 && only.type === "ExpressionStatement";
  if (implicitDisplay) body = `display(await (\n${js.slice(only.start, only.end).replace(/;\s*$/, "")}\n));`.replace("(\n", "(");

  const references = freeReferences(program);
  if (implicitDisplay) references.add("display");
  const inputs = [...references].filter((name) => knownNames.has(name) && !outputs.includes(name)).sort();
  return { inputs, outputs, source: `${body}\nreturn {${outputs.join(", ")}};` };
}

/** TypeScript → JavaScript with sucrase, which keeps every line where it was. */
function stripTypes(code: string): string {
  try {
    return transform(code, { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: true }).code;
  } catch (error) {
    const message = String((error as Error).message);
    const [, line = "1", column = "1"] = /\((\d+):(\d+)\)/.exec(message) ?? []; // sucrase counts columns from 1
    throw new CellSyntaxError(message.replace(/\s*\(\d+:\d+\)$/, ""), Number(line), Number(column));
  }
}

function importBindings(statement: AnyNode): [imported: string, local: string][] {
  return statement.specifiers.map((s: AnyNode) =>
    s.type === "ImportDefaultSpecifier" ? ["default", s.local.name] : s.type === "ImportNamespaceSpecifier" ? [s.local.name, s.local.name] : [s.imported.name ?? s.imported.value, s.local.name]
  );
}

function patternNames(pattern: AnyNode): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p: AnyNode) => patternNames(p.type === "RestElement" ? p.argument : p.value));
    case "ArrayPattern":
      return pattern.elements.filter(Boolean).flatMap(patternNames);
    case "RestElement":
      return patternNames(pattern.argument);
    case "AssignmentPattern":
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** Identifiers read by the program, minus property names and labels. Over-approximates:
 * a local variable that shadows another cell's name only adds a harmless dependency. */
function freeReferences(program: AnyNode): Set<string> {
  const names = new Set<string>();
  fullAncestor(program, (node, _state, ancestors) => {
    if (node.type !== "Identifier") return;
    const parent = ancestors[ancestors.length - 2] as AnyNode | undefined;
    if (parent) {
      if (parent.type === "MemberExpression" && parent.property === node && !parent.computed) return;
      if ((parent.type === "Property" || parent.type === "MethodDefinition" || parent.type === "PropertyDefinition") && parent.key === node && !parent.computed && !parent.shorthand) return;
      if (parent.type === "LabeledStatement" || parent.type === "BreakStatement" || parent.type === "ContinueStatement") return;
      if (parent.type === "MetaProperty") return;
    }
    names.add((node as AnyNode).name);
  });
  return names;
}

function applyEdits(text: string, edits: { start: number; end: number; text: string }[]): string {
  let result = "";
  let at = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at);
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

/** Lines that `new AsyncFunction` puts before the body ("async function anonymous(a\n) {\n"). */
export const BODY_LINE_OFFSET = 2;

/** Builds the body; a runtime error's message gains the cell line it was thrown from. */
export function makeBody({ inputs, source }: CompiledCell): (...args: unknown[]) => Promise<unknown> {
  const fn = new AsyncFunction(...inputs, source);
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw annotateError(error);
    }
  };
}

/** The cell line of the innermost frame that ran the cell's own code, if any. */
export function cellLineFromStack(stack: string | undefined): number | undefined {
  const match = /<anonymous>:(\d+):\d+/.exec(stack ?? "");
  return match ? Number(match[1]) - BODY_LINE_OFFSET : undefined;
}

export function annotateError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const line = cellLineFromStack(error.stack);
  if (line !== undefined && line > 0 && !/（第 \d+ 行）$/.test(error.message)) {
    try {
      error.message += `（第 ${line} 行）`;
    } catch {
      // a frozen error keeps its message
    }
  }
  return error;
}

function position(node: AnyNode): [line: number, column: number] {
  return [node.loc?.start.line ?? 1, (node.loc?.start.column ?? 0) + 1];
}
