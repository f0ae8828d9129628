import { createHash } from "node:crypto";
import { CliError, diag, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { checkFindings, normalizeEvidencePath } from "../core/bundle.js";
import { evaluateCondition } from "../core/condition.js";
import { gradeScore } from "../core/grade.js";
import type { Standard } from "../core/model.js";
import { NOT_QUALIFIED, type ScoreResult } from "../core/result.js";
import { appliesWith, buildResult, scoreFindings } from "../core/score.js";
import { emit, writeFileAtomic } from "../io/atomic.js";
import { beginEvidenceHashing, checkEvidence, listBundle, MANIFEST, positionDiagnostics, readBundle } from "../io/bundle.js";
import { VERSION } from "../version.js";
import { t } from "../i18n.js";
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
  if (!lb.bundle) return { diagnostics: sortDiagnostics(diagnostics), exitCode: 1 };
  const bundle = lb.bundle;

  // Evidence first, so that hashing (on other threads, for large batches) overlaps the rest.
  const listing = await listBundle(lb.dir);
  const ev = await checkEvidence(lb, listing);
  diagnostics.push(...ev.diagnostics);
  // Cited means named by a finding, even when the path itself is refused above.
  const cited = new Set(bundle.findings.flatMap((f) => f.evidence.map((e) => normalizeEvidencePath(e.path))));
  const uncited = listing.all.filter((p) => !cited.has(p) && p !== MANIFEST);
  for (const p of uncited) diagnostics.push(diag("BUN052", { path: p }, { file: lb.file }));
  const hashing = hasErrors(diagnostics) ? undefined : beginEvidenceHashing(ev.files);
  const fail = (ds: Diagnostic[], exitCode: 1 | 2): Scored => {
    hashing?.cancel();
    return { diagnostics: sortDiagnostics(ds), exitCode };
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
  const lineOf = (ptr: string) => lb.loaded.pos.get(ptr)?.line;
  diagnostics.push(...positionDiagnostics(checkFindings(bundle, std, applies, lineOf), lb.loaded));
  const calc = scoreFindings(std, bundle.findings, applies, { profile: bundle.enterprise, prerequisites: bundle.prerequisites });
  diagnostics.push(...calc.diagnostics.map((d) => ({ ...d, file: lb.file })));
  if (hasErrors(diagnostics) || !hashing) return fail(diagnostics, 1);

  const hashed = await hashing.finish();
  diagnostics.push(...hashed.diagnostics.map((d) => ({ ...d, file: lb.file })));
  if (hasErrors(diagnostics)) return fail(diagnostics, 1);

  const grade = gradeScore(std, calc, bundle.accidents, bundle.assessment.date, bundle.assessment.applied_level);
  const manifest = { path: MANIFEST, sha256: createHash("sha256").update(lb.bytes).digest("hex"), bytes: lb.bytes.length };
  const sorted = sortDiagnostics(diagnostics);
  const result = buildResult({ standard: std, bundle, calc, grade, evidence: hashed.evidence, diagnostics: sorted, version: VERSION, manifest, uncited });
  return { result, diagnostics: sorted, exitCode: 0 };
}

/** Rank of a grade among the standard's levels: 0 is the highest; 未达标 ranks below them all. */
function gradeRank(levels: readonly string[], grade: string): number {
  const i = levels.indexOf(grade);
  return i < 0 ? levels.length : i;
}

export async function run(dir: string, opts: ScoreOptions): Promise<number> {
  const top = Number(opts.top);
  if (!Number.isSafeInteger(top) || top < 0) throw usageError(t(`--top 应为非负整数：${opts.top}`, `--top must be a non-negative integer: ${opts.top}`));
  if (opts.template !== undefined && opts.report === undefined) throw usageError(t("--template 需与 --report 同用", "--template needs --report"));

  const scored = await scoreDir(dir, { ...(opts.standard !== undefined ? { standard: opts.standard } : {}), path: opts.path });
  printDiagnostics(scored.diagnostics);
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
  const report = opts.report !== undefined ? await renderReportText(result, opts.template) : undefined;
  await emit(text, opts.output);
  if (opts.report !== undefined && report !== undefined) await writeFileAtomic(opts.report, report);

  if (opts.failUnder !== undefined && gradeRank(result.standard.levels, result.grade) > gradeRank(result.standard.levels, opts.failUnder)) return 1;
  return 0;
}

async function renderReportText(result: ScoreResult, template: string | undefined): Promise<string> {
  const { renderReport } = await import("../render/report.js");
  return (await renderReport(result, template !== undefined ? { template } : {})).text;
}
