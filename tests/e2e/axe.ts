// axe-core (from node_modules, injected inline: no request leaves the test) on a page as it is
// now, in one colour scheme. Returns the serious and critical violations, one line each.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeFinding {
  rule: string;
  impact: string;
  nodes: string[];
}

export async function seriousViolations(page: Page, scheme: "light" | "dark"): Promise<AxeFinding[]> {
  await page.emulateMedia({ colorScheme: scheme });
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact?: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ rule: v.id, impact: v.impact ?? "", nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} — ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 160)}`) }));
  });
}

/** Everything the accessibility check asks of one settled page: the shell (lang, zoomable
 * viewport), MathML beside every formula, and no serious axe violation in either scheme. */
export async function accessibilityProblems(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  const shell = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    viewport: document.querySelector('meta[name="viewport"]')?.getAttribute("content") ?? "",
    formulas: document.querySelectorAll(".katex").length,
    withMathml: document.querySelectorAll(".katex .katex-mathml math").length
  }));
  if (shell.lang !== "zh-CN") problems.push(`${name}: lang="${shell.lang}"`);
  if (/maximum-scale|user-scalable=no/.test(shell.viewport)) problems.push(`${name}: viewport forbids zoom (${shell.viewport})`);
  if (shell.withMathml !== shell.formulas) problems.push(`${name}: ${shell.formulas - shell.withMathml} of ${shell.formulas} formulas without MathML`);
  for (const scheme of ["light", "dark"] as const)
    for (const v of await seriousViolations(page, scheme)) problems.push(`${name} [${scheme}] ${v.rule} (${v.impact}): ${v.nodes.join(" | ")}`);
  await page.emulateMedia({ colorScheme: null });
  return problems;
}
