import { CliError, diag, formatDiagnosticLine, type Diagnostic } from "../diagnostics.js";

/** Diagnostics to stderr, one line each. */
export function printDiagnostics(diags: readonly Diagnostic[], stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diags) stream.write(formatDiagnosticLine(d) + "\n");
}

/** A usage problem found after option parsing: CLI002, exit 2. */
export function usageError(message: string): CliError {
  return new CliError(2, [diag("CLI002", { message })]);
}
