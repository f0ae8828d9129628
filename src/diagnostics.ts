import { CODES, type Code } from "./codes/index.js";
import { isText } from "./core/lib/text.js";
import type { Lang } from "./i18n.js";
import { message } from "./render/formats/message.js";

export type Severity = "error" | "warning" | "info";

export interface Range {
  line: number;
  column: number;
  end_line?: number;
  end_column?: number;
}

export { isText, text, type Text } from "./core/lib/text.js";

/** Message arguments: filled into the registry's template when printed; a `Text` in the printed language. */
export type Args = Readonly<Record<string, unknown>>;

/**
 * The one diagnostic model for everything the user did wrong. Lines and columns are 1-based.
 * It carries the code's arguments, not text: `message(d, lang)` (render/message.ts) renders it.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  args: Args;
  file?: string;
  line?: number;
  column?: number;
  end_line?: number;
  end_column?: number;
  /** JSON pointer of the offending node, where the input is structured. */
  path?: string;
  /** Reason given with a `# stdz-disable-next-line` comment, when suppressed. */
  suppressed?: string;
  /** Data record (register row) the problem is in; the printed message names it. */
  row?: number;
}

/** The contract's written form of a diagnostic (DESIGN.md): its message rendered in one language. */
export interface DiagnosticJson {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  end_line?: number;
  end_column?: number;
  path?: string;
  suppressed?: string;
  row?: number;
}

export interface Located {
  file?: string;
  range?: Range;
  path?: string;
  severity?: Severity;
}

/** Build a diagnostic from the code registry; its text is chosen when it is printed. */
export function diag(code: Code, args: Args = {}, where: Located = {}): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: where.severity ?? CODES[code].severity,
    args,
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

/** Identity of a diagnostic's content, not its text: code, arguments (in order) and pointer. */
export function diagnosticKey(d: Pick<Diagnostic, "code" | "args" | "path">): string {
  return JSON.stringify([d.code, d.path ?? "", Object.entries(d.args).map(([k, v]) => [k, isText(v) ? [v.zh, v.en] : String(v)])]);
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
    // For stack traces only; users see the diagnostics printed in their language.
    super(diagnostics.map((d) => `${d.code} ${message(d, "en")}`).join("\n"));
  }
}

/** One-line human form: `file:line:col  error  message  CODE`. */
export function formatDiagnosticLine(d: Diagnostic, lang: Lang): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}: ` : "";
  return `${where}${d.severity} ${d.code} ${message(d, lang)}`;
}

/**
 * Bad input found by io or render that stops the work (an unreadable or unparseable file, a
 * template that does not compile). It carries diagnostics, never an exit code: the command
 * that catches it decides (`exitCode("cannot-run")`).
 */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code} ${message(d, "en")}`).join("\n"));
  }
}
