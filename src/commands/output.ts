import { CliError, diag, formatDiagnosticLine, type Diagnostic } from "../diagnostics.js";
import { getLang, type Lang } from "../i18n.js";

/** Diagnostics to stderr, one line each, in the language the command was given. */
export function printDiagnostics(diags: readonly Diagnostic[], lang: Lang = getLang(), stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diags) stream.write(formatDiagnosticLine(d, lang) + "\n");
}

/** A usage problem found after option parsing: CLI002, exit 2. */
export function usageError(message: string): CliError {
  return new CliError(2, [diag("CLI002", { message })]);
}
