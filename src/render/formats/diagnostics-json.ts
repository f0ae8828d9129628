import type { Lang } from "../../i18n.js";
import { diagnosticJson } from "./message.js";
import { summarize, type LintResults } from "../../core/standard/lint/types.js";

/**
 * Machine output: `{files, summary, diagnostics}`; each diagnostic is
 * `{code, severity, message, file, line, column, end_line, end_column}` (DESIGN.md),
 * plus `path` (JSON pointer) and `suppressed` (the reason) where they apply.
 */
export function diagnosticsJson(results: LintResults, options: { lang: Lang }): string {
  const diagnostics = results.diagnostics.map((d) => diagnosticJson(d, options.lang));
  return JSON.stringify({ files: results.files, summary: summarize(results), diagnostics }, null, 2) + "\n";
}
