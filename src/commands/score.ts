import type { ScoreResult } from "../core/scoring/result.js";
import { NOT_QUALIFIED } from "../core/scoring/result.js";
import { scoreDir } from "../flows/bundle.js";
import { exitCode } from "../flows/outcome.js";
import { emit, writeFileAtomic } from "../io/atomic.js";
import { getLang, t } from "../i18n.js";
import { printDiagnostics, usageError } from "./output.js";

export interface ScoreOptions {
  format: "table" | "json";
  output?: string;
  standard?: string;
  path: string[];
  failUnder?: string;
  top: string;
  all?: boolean;
  verbose?: boolean;
  report?: string;
  template?: string;
  sign?: string;
}

/** Rank of a grade among the standard's levels: 0 is the highest; 未达标 ranks below them all. */
function gradeRank(levels: readonly string[], grade: string): number {
  const i = levels.indexOf(grade);
  return i < 0 ? levels.length : i;
}

export async function run(dir: string, opts: ScoreOptions): Promise<number> {
  const top = opts.all ? 0 : Number(opts.top);
  if (!Number.isSafeInteger(top) || top < 0) throw usageError(t(`--top 应为非负整数：${opts.top}`, `--top must be a non-negative integer: ${opts.top}`));
  if (opts.template !== undefined && opts.report === undefined) throw usageError(t("--template 需与 --report 同用", "--template needs --report"));
  if (opts.sign !== undefined && opts.format !== "json")
    throw usageError(t("--sign 只用于 --format json：签名写在结果文件中", "--sign needs --format json: the signature is written into the result file"));
  // A bad key stops the run before any work is done.
  const key = opts.sign !== undefined ? await (await import("../io/result-file.js")).readEd25519Key(opts.sign, "sign") : undefined;

  const scored = await scoreDir(dir, { ...(opts.standard !== undefined ? { standard: opts.standard } : {}), path: opts.path });
  // Blank contents: one progress summary for people, every BUN019 for --verbose and scripts.
  const blank = scored.diagnostics.filter((d) => d.code === "BUN019");
  if (blank.length > 0 && scored.progress && opts.format !== "json" && !opts.verbose) {
    printDiagnostics(scored.diagnostics.filter((d) => d.code !== "BUN019"));
    const { renderFillProgress } = await import("../render/score/fill-progress.js");
    process.stderr.write(renderFillProgress(scored.progress, getLang()).join("\n") + "\n");
  } else printDiagnostics(scored.diagnostics);
  if (!scored.result) return exitCode(scored.outcome);
  const result = key ? (await import("../io/result-file.js")).signResult(scored.result, key) : scored.result;

  if (opts.failUnder !== undefined && opts.failUnder !== NOT_QUALIFIED && !result.standard.levels.includes(opts.failUnder)) {
    throw usageError(
      t(
        `--fail-under ${opts.failUnder}：标准 ${result.standard.id} 的等级为 ${result.standard.levels.join("、")}`,
        `--fail-under ${opts.failUnder}: the levels of ${result.standard.id} are ${result.standard.levels.join(", ")}`,
      ),
    );
  }

  let text: string;
  if (opts.format === "json") text = JSON.stringify(result, null, 2) + "\n";
  else text = (await import("../render/score/score-table.js")).renderScoreTable(result, { top });
  // Render the report before writing anything, so a bad template leaves no half of the outputs.
  const report = opts.report !== undefined ? await renderReportData(result, opts.report, opts.template) : undefined;
  await emit(text, opts.output);
  if (opts.report !== undefined && report !== undefined) await writeFileAtomic(opts.report, report);

  // A grade below --fail-under is the run's finding, as errors in the inputs are.
  const below = opts.failUnder !== undefined && gradeRank(result.standard.levels, result.grade) > gradeRank(result.standard.levels, opts.failUnder);
  return exitCode(below ? "invalid" : scored.outcome);
}

/** The report for `file`, in the format its extension names (HTML, Markdown, Word or PDF). */
async function renderReportData(result: ScoreResult, file: string, template: string | undefined): Promise<string | Uint8Array> {
  const { renderReportFile } = await import("../flows/report-output.js");
  return renderReportFile(result, file, { ...(template !== undefined ? { template } : {}), lang: getLang() });
}
