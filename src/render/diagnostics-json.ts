import { summarize, type LintResults } from "../core/lint/types.js";

/**
 * Machine output: `{files, summary, diagnostics}`; each diagnostic is
 * `{code, severity, message, file, line, column, end_line, end_column}` (DESIGN.md),
 * plus `path` (JSON pointer) and `suppressed` (the reason) where they apply.
 */
export function diagnosticsJson(results: LintResults, _options: object = {}): string {
  const diagnostics = results.diagnostics.map((d) => {
    const o: Record<string, unknown> = { code: d.code, severity: d.severity, message: d.message };
    for (const k of ["file", "line", "column", "end_line", "end_column", "path", "suppressed"] as const) if (d[k] !== undefined) o[k] = d[k];
    return o;
  });
  return JSON.stringify({ files: results.files, summary: summarize(results), diagnostics }, null, 2) + "\n";
}
