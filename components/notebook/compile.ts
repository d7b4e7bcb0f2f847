// Analyses the code of a book cell (TypeScript or JavaScript) for Framework's reactive
// runtime: the names it declares (outputs), the names it reads (references), the modules
// it imports, and a body source with the same line numbers, so errors point at the
// reader's line. Runs at build time for the book's code (site/markdown/cells.ts) and in
// the browser for a reader's edit, where it loads only when first needed.
import { parse, type Node } from "acorn";
import { simple } from "acorn-walk";
import { transform } from "@book/sucrase";
import { HELPERS, type AnalyzedCell } from "./cell-body.js";
import { freeVariables, patternNames } from "./scope.js";

export type { AnalyzedCell } from "./cell-body.js";
type ImportBinding = AnalyzedCell["importBindings"][number];

type AnyNode = Node & Record<string, any>;

export class CellSyntaxError extends SyntaxError {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(`${message}（第 ${line} 行，第 ${column} 列）`);
    this.name = "SyntaxError";
  }
}

export function analyzeCell(code: string, lang: "ts" | "js"): AnalyzedCell {
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
  const imports: string[] = [];
  const importBindings: ImportBinding[] = [];
  const edits: Edit[] = [];
  for (const statement of program.body as AnyNode[]) {
    if (statement.type === "ImportDeclaration") {
      // Imported names stay local to the cell: two cells may both import tf without
      // defining it twice on the runtime; other cells get them through importBindings.
      const specifier = statement.source.value as string;
      imports.push(specifier);
      const names = bindingsOf(statement);
      importBindings.push(...names.map(([imported, local]) => ({ specifier, imported: statement.specifiers.some((s: AnyNode) => s.type === "ImportNamespaceSpecifier") ? "*" : imported, local })));
      const namespace = statement.specifiers.find((s: AnyNode) => s.type === "ImportNamespaceSpecifier");
      const pattern = namespace ? namespace.local.name : `{${names.map(([imported, local]) => (imported === local ? local : `${imported}: ${local}`)).join(", ")}}`;
      const lines = "\n".repeat(js.slice(statement.start, statement.end).split("\n").length - 1);
      const text = names.length ? `const ${pattern} = await __import__(${JSON.stringify(specifier)});` : `await __import__(${JSON.stringify(specifier)});`;
      edits.push({ start: statement.start, end: statement.end, text: text + lines });
    } else if (statement.type.startsWith("Export")) {
      throw new CellSyntaxError("代码单元中不能使用 export：顶层声明的名字会自动提供给其他代码单元", ...position(statement));
    } else if (statement.type === "VariableDeclaration") {
      for (const declaration of statement.declarations) outputs.push(...patternNames(declaration.id));
    } else if ((statement.type === "FunctionDeclaration" || statement.type === "ClassDeclaration") && statement.id) {
      outputs.push(statement.id.name);
    }
  }
  // Order matters where edits meet: `while (x) throw y` must close `__thrown__(` before the
  // loop guard's `}` (applyEdits keeps this order for edits at the same place).
  edits.push(...thrownValues(program), ...dynamicImports(program), ...loopGuards(program));

  let body = applyEdits(js, edits);
  const [only] = program.body as AnyNode[];
  const references = freeVariables(program);
  if (program.body.length === 1 && only.type === "ExpressionStatement" && !js.slice(only.start, only.end).trimEnd().endsWith(";")) {
    // A lone expression without a semicolon is displayed, as in Framework.
    body = `display(await (${applyEdits(js.slice(only.start, only.end), shift(edits, -only.start))}));`;
    references.add("display");
  }
  for (const helper of HELPERS) references.delete(helper);
  for (const { local } of importBindings) references.delete(local);
  return { source: `${body}\nreturn {${outputs.join(", ")}};`, outputs, references: [...references].sort(), imports, importBindings, files: fileAttachments(program) };
}

type Edit = { start: number; end: number; text: string };

/** `__guard__()` at the top of every loop body: it throws once the main thread has been
 * blocked for too long (see guard.ts), so `while (true) {}` cannot freeze the page. */
function loopGuards(program: AnyNode): Edit[] {
  const edits: Edit[] = [];
  const guard = (loop: AnyNode) => {
    const body = loop.body as AnyNode;
    if (body.type === "BlockStatement") edits.push({ start: body.start + 1, end: body.start + 1, text: "__guard__();" });
    else edits.push({ start: body.start, end: body.start, text: "{__guard__();" }, { start: body.end, end: body.end, text: "}" });
  };
  simple(program, { ForStatement: guard, ForInStatement: guard, ForOfStatement: guard, WhileStatement: guard, DoWhileStatement: guard });
  return edits;
}

/** `import(x)` → `__import__(x)`: a dynamic import goes through the same check as a static
 * one, so a URL outside the site is refused before any request is made. */
function dynamicImports(program: AnyNode): Edit[] {
  const edits: Edit[] = [];
  simple(program, { ImportExpression: (node: AnyNode) => void edits.push({ start: node.start, end: node.start + "import".length, text: "__import__" }) });
  return edits;
}

/** `throw x` → `throw __thrown__(x)`: a thrown number or null becomes an Error that says
 * what was thrown and, through its stack, on which line. */
function thrownValues(program: AnyNode): Edit[] {
  const edits: Edit[] = [];
  simple(program, {
    ThrowStatement(node: AnyNode) {
      edits.push({ start: node.argument.start, end: node.argument.start, text: "__thrown__(" }, { start: node.argument.end, end: node.argument.end, text: ")" });
    }
  });
  return edits;
}

function fileAttachments(program: AnyNode): string[] {
  const files = new Set<string>();
  simple(program, {
    CallExpression(node: AnyNode) {
      const [arg] = node.arguments;
      if (node.callee.type === "Identifier" && node.callee.name === "FileAttachment" && arg?.type === "Literal" && typeof arg.value === "string") files.add(arg.value);
    }
  });
  return [...files];
}

function shift(edits: Edit[], by: number): Edit[] {
  return edits.map((edit) => ({ ...edit, start: edit.start + by, end: edit.end + by }));
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

function bindingsOf(statement: AnyNode): [imported: string, local: string][] {
  return statement.specifiers.map((s: AnyNode) =>
    s.type === "ImportDefaultSpecifier" ? ["default", s.local.name] : s.type === "ImportNamespaceSpecifier" ? [s.local.name, s.local.name] : [s.imported.name ?? s.imported.value, s.local.name]
  );
}


function applyEdits(text: string, edits: { start: number; end: number; text: string }[]): string {
  let result = "";
  let at = 0;
  // Insertions before replacements that start at the same place; otherwise stable.
  for (const edit of [...edits].sort((a, b) => a.start - b.start || Number(a.end > a.start) - Number(b.end > b.start))) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at);
}

function position(node: AnyNode): [line: number, column: number] {
  return [node.loc?.start.line ?? 1, (node.loc?.start.column ?? 0) + 1];
}
