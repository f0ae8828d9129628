import { RULES } from "../core/standard/lint/index.js";
import { getLang } from "../i18n.js";
import { summarize } from "../core/standard/lint/types.js";
import { exitCode } from "../flows/outcome.js";
import { lintPaths } from "../flows/standard.js";
import { emit } from "../io/atomic.js";
import { diagnosticsJson } from "../render/formats/diagnostics-json.js";
import { sarif } from "../render/formats/sarif.js";
import { stylish } from "../render/formats/stylish.js";
import { mark } from "../timing.js";
import { VERSION } from "../version.js";
import { usageError } from "./output.js";

export interface LintOptions {
  format: "stylish" | "json" | "sarif";
  maxWarnings?: string;
  output?: string;
  standardsPath: string[];
  path: string[];
  color?: boolean;
}

export async function run(paths: string[], opts: LintOptions): Promise<number> {
  let maxWarnings: number | undefined;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw usageError(`--max-warnings: ${opts.maxWarnings}`);
  }
  const { value: results, outcome } = await lintPaths(paths, [...opts.standardsPath, ...opts.path]);
  mark("lint rules");
  const lang = getLang();
  const text =
    opts.format === "json"
      ? diagnosticsJson(results, { lang })
      : opts.format === "sarif"
        ? sarif(results, { version: VERSION, rules: RULES.map((r) => r.meta), lang })
        : stylish(results, opts.color === false || opts.output ? { color: false, lang } : { lang });
  await emit(text, opts.output);
  mark("output");
  return exitCode(outcome, maxWarnings === undefined ? {} : { maxWarnings, warnings: summarize(results).warnings });
}
