// What a page's exercise bank (components/exercise/bank/<page>.ts) declares for each
// checked exercise. The question's text, hints and solution are in the page's Markdown
// (site/markdown/exercises.ts), so that a build without solutions can drop them; the bank
// holds what the check needs: how to draw a student's parameters and compute the answer.
import type { Random } from "./random.js";

/** Values shown in the question through {{name}} placeholders. */
export type Params = Record<string, number | string | number[] | number[][]>;

/** A wrong answer that many readers give, with what to tell them. */
export interface Mistake<P> {
  value(params: P): number;
  message: string;
}

interface Base<P extends Params> {
  params(random: Random): P;
}

export interface NumericExercise<P extends Params = Params> extends Base<P> {
  kind: "numeric";
  answer(params: P): number | Promise<number>;
  /** Accepted if |given − answer| ≤ abs or ≤ rel·|answer| (defaults: 1e-9, 1e-3). */
  tolerance?: { abs?: number; rel?: number };
  mistakes?: Mistake<P>[];
}

export interface ChoiceExercise<P extends Params = Params> extends Base<P> {
  kind: "choice";
  options(params: P): string[];
  correct(params: P): number;
  /** Why a wrong option is wrong, by option index. */
  whyWrong?(params: P): Record<number, string>;
}

export interface ExpressionExercise<P extends Params = Params> extends Base<P> {
  kind: "expression";
  variables: string[];
  answer(vars: Record<string, number>, params: P): number;
  /** Wrong formulas that many readers write, as functions of the variables. */
  mistakes?: { value(vars: Record<string, number>): number; message: string }[];
  placeholder?: string;
}

/** Nested arrays of numbers: what code exercises pass and return. */
export type NumArray = number | NumArray[];

export interface CodeExercise<P extends Params = Params> extends Base<P> {
  kind: "code";
  functionName: string;
  /** Names of the function's parameters, used when a failing case is shown. */
  argNames: string[];
  /** The code the reader starts from (a function with an empty body). */
  starter(params: P): string;
  /** The hidden tests' arguments, drawn from their own random stream. */
  cases(random: Random, params: P): NumArray[][];
  reference(args: NumArray[], params: P): NumArray | Promise<NumArray>;
  /** Largest accepted |given − expected| per element (default 1e-4). */
  tolerance?: number;
}

export type Exercise = NumericExercise<any> | ChoiceExercise<any> | ExpressionExercise<any> | CodeExercise<any>;
export type ExerciseBank = Record<string, Exercise>;

/** A check's verdict: the message is shown beside the answer. */
export interface Verdict {
  ok: boolean;
  message: string;
}
