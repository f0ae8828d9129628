import { CODES, type Code } from "./codes/index.js";
import { fill, getLang } from "./i18n.js";

export type Severity = "error" | "warning" | "info";

export interface Range {
  line: number;
  column: number;
  end_line?: number;
  end_column?: number;
}

/** The one diagnostic model for everything the user did wrong. Lines and columns are 1-based. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  end_line?: number;
  end_column?: number;
  /** JSON pointer of the offending node, where the input is structured. */
  path?: string;
  /** Reason given with a `# stdz-disable-next-line` comment, when suppressed. */
  suppressed?: string;
}

export interface Located {
  file?: string;
  range?: Range;
  path?: string;
  severity?: Severity;
}

/** Build a diagnostic from the code registry; the message is rendered in the current language. */
export function diag(code: Code, args: Record<string, unknown> = {}, where: Located = {}): Diagnostic {
  const info = CODES[code];
  const template = getLang() === "en" ? info.en : info.zh;
  const d: Diagnostic = {
    code,
    severity: where.severity ?? info.severity,
    message: fill(template, args),
  };
  if (where.file !== undefined) d.file = where.file;
  if (where.range) {
    d.line = where.range.line;
    d.column = where.range.column;
    if (where.range.end_line !== undefined) d.end_line = where.range.end_line;
    if (where.range.end_column !== undefined) d.end_column = where.range.end_column;
  }
  if (where.path !== undefined) d.path = where.path;
  return d;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error" && d.suppressed === undefined);
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: file, line, column, severity, code. */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return diags.sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      a.code.localeCompare(b.code),
  );
}

/** A failure that stops a command: the entry point turns it into output and an exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    readonly diagnostics: Diagnostic[],
  ) {
    super(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  }
}

/** One-line human form: `file:line:col  error  message  CODE`. */
export function formatDiagnosticLine(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}: ` : "";
  return `${where}${d.severity} ${d.code} ${d.message}`;
}

/**
 * Bad input found by io or render that stops the work (an unreadable or unparseable file, a
 * template that does not compile). It carries diagnostics, never an exit code: the command
 * that catches it decides (`exitCode("cannot-run")`).
 */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
  }
}
