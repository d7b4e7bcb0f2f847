// The free variables of a cell: identifiers it reads that no enclosing scope of the cell
// declares. These become the cell's inputs from the page (other cells, Framework builtins),
// so a shadowed name must not leak out: `(_, i) => i` must not pull in Framework's `_`
// (lodash, an npm download), nor `const d3 = …` inside a function the page's `d3`.
// Scopes follow JavaScript: functions (params, hoisted var), blocks (let, const, class,
// function), for-loop heads, catch clauses, named class and function expressions.
import { base as acornBase, recursive, type RecursiveVisitors } from "acorn-walk";
import type { Node } from "acorn";

type AnyNode = Node & Record<string, any>;
/** acorn-walk's continue callback; its types omit the optional node-type override. */
type Visit<S> = (node: AnyNode, state: S, override?: string) => void;
type Visitors<S> = Record<string, (node: AnyNode, state: S, c: Visit<S>) => void>;
const base = acornBase as unknown as Visitors<unknown>;

class Scope {
  readonly names = new Set<string>();
  constructor(readonly parent: Scope | null) {}
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
  add(names: Iterable<string>): Scope {
    for (const n of names) this.names.add(n);
    return this;
  }
}

export function patternNames(pattern: AnyNode | null): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p: AnyNode) => patternNames(p.type === "RestElement" ? p.argument : p.value));
    case "ArrayPattern":
      return pattern.elements.flatMap((e: AnyNode | null) => patternNames(e));
    case "RestElement":
      return patternNames(pattern.argument);
    case "AssignmentPattern":
      return patternNames(pattern.left);
    default:
      return [];
  }
}

/** `var` names anywhere in a function body, not inside nested functions. */
function hoistedVars(body: AnyNode): string[] {
  const names: string[] = [];
  const visitors: Visitors<null> = {
    Function() {},
    VariableDeclaration(node, st, c) {
      if (node.kind === "var") for (const d of node.declarations) names.push(...patternNames(d.id));
      for (const d of node.declarations) if (d.init) c(d.init, st, "Expression");
    }
  };
  recursive(body, null, visitors as unknown as RecursiveVisitors<null>, acornBase);
  return names;
}

/** let, const, class and function declarations directly in a list of statements. */
function lexicalNames(statements: AnyNode[]): string[] {
  const names: string[] = [];
  for (const s of statements) {
    if (s.type === "VariableDeclaration" && s.kind !== "var") for (const d of s.declarations) names.push(...patternNames(d.id));
    else if ((s.type === "FunctionDeclaration" || s.type === "ClassDeclaration") && s.id) names.push(s.id.name);
    else if (s.type === "ImportDeclaration") for (const spec of s.specifiers) names.push(spec.local.name);
  }
  return names;
}

export function freeVariables(program: AnyNode): Set<string> {
  const free = new Set<string>();
  const read = (name: string, scope: Scope) => {
    if (!scope.has(name)) free.add(name);
  };
  const visitors: Visitors<Scope> = {
    Program(node, scope, c) {
      const inner = new Scope(scope).add(lexicalNames(node.body)).add(hoistedVars(node));
      for (const s of node.body) c(s, inner, "Statement");
    },
    BlockStatement(node, scope, c) {
      const inner = new Scope(scope).add(lexicalNames(node.body));
      for (const s of node.body) c(s, inner, "Statement");
    },
    StaticBlock(node, scope, c) {
      const inner = new Scope(scope).add(lexicalNames(node.body)).add(hoistedVars(node));
      for (const s of node.body) c(s, inner, "Statement");
    },
    Function(node, scope, c) {
      const inner = new Scope(scope);
      if (node.id && node.type !== "FunctionDeclaration") inner.add([node.id.name]);
      inner.add(node.params.flatMap(patternNames));
      if (!node.expression) inner.add(hoistedVars(node.body));
      inner.add(["arguments"]);
      for (const p of node.params) c(p, inner, "Pattern");
      c(node.body, inner, node.expression ? "Expression" : "Statement");
    },
    Class(node, scope, c) {
      const inner = node.id ? new Scope(scope).add([node.id.name]) : scope;
      if (node.superClass) c(node.superClass, inner, "Expression");
      c(node.body, inner);
    },
    ForStatement(node, scope, c) {
      const inner = new Scope(scope).add(node.init?.type === "VariableDeclaration" ? node.init.declarations.flatMap((d: AnyNode) => patternNames(d.id)) : []);
      base.ForStatement(node, inner, c as Visit<unknown>);
    },
    ForInStatement(node, scope, c) {
      const inner = new Scope(scope).add(node.left.type === "VariableDeclaration" ? node.left.declarations.flatMap((d: AnyNode) => patternNames(d.id)) : []);
      base.ForInStatement(node, inner, c as Visit<unknown>);
    },
    ForOfStatement(node, scope, c) {
      const inner = new Scope(scope).add(node.left.type === "VariableDeclaration" ? node.left.declarations.flatMap((d: AnyNode) => patternNames(d.id)) : []);
      base.ForOfStatement(node, inner, c as Visit<unknown>);
    },
    CatchClause(node, scope, c) {
      const inner = new Scope(scope).add(patternNames(node.param));
      if (node.param) c(node.param, inner, "Pattern");
      c(node.body, inner, "Statement");
    },
    Identifier(node, scope) {
      read(node.name, scope);
    },
    // Declarations and assignment targets: a declared name is in scope; an assigned one
    // that is not is a page variable the cell writes (and therefore needs).
    VariablePattern(node, scope) {
      read(node.name, scope);
    }
  };
  recursive(program, new Scope(null), visitors as unknown as RecursiveVisitors<Scope>, acornBase);
  return free;
}
