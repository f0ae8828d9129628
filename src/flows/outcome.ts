import { hasErrors, type Diagnostic } from "../diagnostics.js";

/**
 * How a workflow ended, independent of how it is shown:
 * - `ok`: the inputs were read and hold no errors (warnings and soft problems allowed);
 * - `invalid`: the inputs were read and have errors (lint errors, an invalid bundle …);
 * - `cannot-run`: an input could not be read or the request cannot be carried out.
 */
export type Outcome = "ok" | "invalid" | "cannot-run";

/** What a flow hands back: its data, the diagnostics met on the way, and the outcome. */
export interface FlowResult<T> {
  value: T;
  diagnostics: Diagnostic[];
  outcome: Outcome;
}

/** Options that turn soft problems into failures. */
export interface ExitOptions {
  /** `--strict`: soft problems (rejected register rows …) count as invalid input. */
  strict?: boolean;
  /** The run met soft problems that `--strict` makes fatal. */
  soft?: boolean;
  /** `--max-warnings N`: more warnings than this count as invalid input. */
  maxWarnings?: number;
  warnings?: number;
}

/** The one place exit codes are decided: 0 done and clean, 1 inputs have errors, 2 could not run. */
export function exitCode(outcome: Outcome, options: ExitOptions = {}): 0 | 1 | 2 {
  if (outcome === "cannot-run") return 2;
  if (outcome === "invalid") return 1;
  if (options.strict && options.soft) return 1;
  if (options.maxWarnings !== undefined && (options.warnings ?? 0) > options.maxWarnings) return 1;
  return 0;
}

/** Codes meaning the input could not be read at all (exit 2), as opposed to read with errors (exit 1). */
export function cannotRun(d: Diagnostic): boolean {
  return (
    d.suppressed === undefined && d.severity === "error" && (d.code.startsWith("YML") || d.code.startsWith("CLI") || d.code === "STD002" || d.code === "STD007")
  );
}

/** Outcome of a run from its diagnostics alone. */
export function outcomeOf(diags: readonly Diagnostic[]): Outcome {
  if (diags.some(cannotRun)) return "cannot-run";
  return hasErrors(diags) ? "invalid" : "ok";
}

/** Outcome of a run that produced nothing: at least invalid, cannot-run when an input could not be read. */
export function failureOf(diags: readonly Diagnostic[]): Exclude<Outcome, "ok"> {
  return diags.some(cannotRun) ? "cannot-run" : "invalid";
}
