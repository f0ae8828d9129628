import { createHash } from "node:crypto";
import { CliError, diag, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { checkFindings, normalizeEvidencePath } from "../core/bundle.js";
import { evaluateCondition } from "../core/condition.js";
import { gradeScore } from "../core/grade.js";
import type { Standard } from "../core/model.js";
import { NOT_QUALIFIED, type ScoreResult } from "../core/result.js";
import { appliesWith, buildResult, scoreFindings } from "../core/score.js";
import { fillProgress, type FillProgress } from "../core/fill-progress.js";
import { emit, writeFileAtomic } from "../io/atomic.js";
import { beginEvidenceHashing, checkEvidence, listBundle, positionDiagnostics, readBundle } from "../io/bundle.js";
import { VERSION } from "../version.js";
import { getLang, t } from "../i18n.js";
import { diagnosticJson } from "../render/message.js";
import { resultTexts } from "../render/result-text.js";
import { printDiagnostics, usageError } from "./output.js";
import type { ScoreOptions } from "./score.cli.js";

export interface LoadedStandard {
  standard?: Standard & { fingerprint?: string; chain?: string[] };
  diagnostics: Diagnostic[];
  /** The standard could not be found at all (exit 2), rather than found with errors (exit 1). */
  notFound: boolean;
}

/** A standard by id or by path (relative to `baseDir`), compiled (extends resolved) and ready for scoring. */
export async function loadStandardRef(ref: string, baseDir: string, extra: readonly string[]): Promise<LoadedStandard> {
  const { loadCompiledCached } = await import("../io/standard-cache.js");
  const out = await loadCompiledCached(ref, { baseDir, extra });
  if (out.compiled) return { standard: out.compiled, diagnostics: out.diagnostics, notFound: false };
  const notFound = out.diagnostics.some((d) => d.code === "STD002" || d.code === "CLI001");
  return { diagnostics: out.diagnostics, notFound };
}

export interface Scored {
  result?: ScoreResult;
  /** How far the findings are filled in, once the standard is known. */
  progress?: FillProgress;
  /** Every diagnostic, positioned, in a stable order. */
  diagnostics: Diagnostic[];
  /** 0 clean, 1 inputs have errors, 2 could not run (missing standard). */
  exitCode: 0 | 1 | 2;
}

/**
 * Read, validate and score one bundle folder. Problems with the inputs come back as
 * diagnostics; a bundle with errors is never scored (no silent zero).
 */
export async function scoreDir(dir: string, opts: { standard?: string; path?: string[] } = {}): Promise<Scored> {
  const lb = await readBundle(dir);
  const diagnostics = [...lb.diagnostics];
  // A bundle filled in 自评表.xlsx: every position becomes the cell it came from.
  const placed = (ds: Diagnostic[]) => sortDiagnostics(lb.place ? lb.place(ds) : ds);
  if (!lb.bundle) return { diagnostics: placed(diagnostics), exitCode: 1 };
  const bundle = lb.bundle;

  // Evidence first, so that hashing (on other threads, for large batches) overlaps the rest.
  const listing = await listBundle(lb.dir);
  const ev = await checkEvidence(lb, listing);
  diagnostics.push(...ev.diagnostics);
  // Cited means named by a finding, even when the path itself is refused above.
  const cited = new Set(bundle.findings.flatMap((f) => f.evidence.map((e) => normalizeEvidencePath(e.path))));
  const uncited = listing.all.filter((p) => !cited.has(p) && p !== lb.manifest);
  for (const p of uncited) diagnostics.push(diag("BUN052", { path: p }, { file: lb.file }));
  const hashing = hasErrors(diagnostics) ? undefined : beginEvidenceHashing(ev.files);
  const fail = (ds: Diagnostic[], exitCode: 1 | 2): Scored => {
    hashing?.cancel();
    return { diagnostics: placed(ds), exitCode };
  };

  // --standard is relative to where the user is; the bundle's own choice to the bundle.
  const ref = opts.standard ?? bundle.standard;
  const baseDir = opts.standard !== undefined ? process.cwd() : lb.dir;
  const loaded = await loadStandardRef(ref, baseDir, opts.path ?? []);
  if (!loaded.standard) {
    const where = opts.standard === undefined ? { path: "/standard" } : {};
    const d = positionDiagnostics([diag("BUN002", { ref }, where)], lb.loaded);
    return fail([...diagnostics, ...loaded.diagnostics, ...d], loaded.notFound ? 2 : 1);
  }
  const std: Standard & { fingerprint?: string; chain?: string[] } = loaded.standard;
  // The standard's own lint warnings are for its authors (`stdz lint`), not for the assessor.

  const applies = appliesWith(evaluateCondition, bundle.enterprise);
  const lineOf = (ptr: string) => lb.loaded.locate(ptr)?.line;
  diagnostics.push(...positionDiagnostics(checkFindings(bundle, std, applies, lineOf), lb.loaded));
  const progress = fillProgress(std, bundle.findings, applies);
  const calc = scoreFindings(std, bundle.findings, applies);
  diagnostics.push(...calc.diagnostics.map((d) => ({ ...d, file: lb.file })));
  if (hasErrors(diagnostics) || !hashing) return { ...fail(diagnostics, 1), progress };

  const hashed = await hashing.finish();
  diagnostics.push(...hashed.diagnostics.map((d) => ({ ...d, file: lb.file })));
  if (hasErrors(diagnostics)) return fail(diagnostics, 1);

  const grade = gradeScore(std, calc, bundle.accidents, bundle.assessment.date);
  const manifest = { path: lb.manifest, sha256: createHash("sha256").update(lb.bytes).digest("hex"), bytes: lb.bytes.length };
  const sorted = placed(diagnostics);
  const result = buildResult({ standard: std, bundle, calc, grade, evidence: hashed.evidence, diagnostics: sorted.map((d) => diagnosticJson(d, getLang())), texts: resultTexts(grade, calc, getLang()), version: VERSION, manifest, uncited });
  return { result, diagnostics: sorted, exitCode: 0, progress };
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

  const scored = await scoreDir(dir, { ...(opts.standard !== undefined ? { standard: opts.standard } : {}), path: opts.path });
  // Blank contents: one progress summary for people, every BUN019 for --verbose and scripts.
  const blank = scored.diagnostics.filter((d) => d.code === "BUN019");
  if (blank.length > 0 && scored.progress && opts.format !== "json" && !opts.verbose) {
    printDiagnostics(scored.diagnostics.filter((d) => d.code !== "BUN019"));
    const { renderFillProgress } = await import("../render/fill-progress.js");
    process.stderr.write(renderFillProgress(scored.progress, getLang()).join("\n") + "\n");
  } else printDiagnostics(scored.diagnostics);
  const result = scored.result;
  if (!result) {
    if (scored.exitCode === 2) throw new CliError(2, []);
    return scored.exitCode;
  }

  if (opts.failUnder !== undefined && opts.failUnder !== NOT_QUALIFIED && !result.standard.levels.includes(opts.failUnder)) {
    throw usageError(
      t(`--fail-under ${opts.failUnder}：标准 ${result.standard.id} 的等级为 ${result.standard.levels.join("、")}`, `--fail-under ${opts.failUnder}: the levels of ${result.standard.id} are ${result.standard.levels.join(", ")}`),
    );
  }

  let text: string;
  if (opts.format === "json") text = JSON.stringify(result, null, 2) + "\n";
  else text = (await import("../render/score-table.js")).renderScoreTable(result, { top });
  // Render the report before writing anything, so a bad template leaves no half of the outputs.
  const report = opts.report !== undefined ? await renderReportData(result, opts.report, opts.template) : undefined;
  await emit(text, opts.output);
  if (opts.report !== undefined && report !== undefined) await writeFileAtomic(opts.report, report);

  if (opts.failUnder !== undefined && gradeRank(result.standard.levels, result.grade) > gradeRank(result.standard.levels, opts.failUnder)) return 1;
  return 0;
}

/** The report for `file`, in the format its extension names (HTML, Markdown, Word or PDF). */
async function renderReportData(result: ScoreResult, file: string, template: string | undefined): Promise<string | Uint8Array> {
  const { renderReportFile } = await import("../flows/report-output.js");
  return renderReportFile(result, file, { ...(template !== undefined ? { template } : {}), lang: getLang() });
}
