import { createHash } from "node:crypto";
import { lstat, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { diag, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { checkFindings, evidencePathProblem, normalizeEvidencePath } from "../core/scoring/bundle.js";
import { evaluateCondition } from "../core/standard/condition.js";
import { gradeScore } from "../core/scoring/grade.js";
import type { Standard } from "../core/standard/model.js";
import type { EvidenceFile, ScoreResult } from "../core/scoring/result.js";
import { appliesWith, buildResult, scoreFindings } from "../core/scoring/score.js";
import { beginEvidenceHashing, checkEvidence, inside, listBundle, listBundleFiles, MANIFEST, positionDiagnostics, readBundle } from "../io/bundle.js";
import { hashFiles } from "../io/hash.js";
import { readResultFile } from "../io/result-file.js";
import { fillProgress, type FillProgress } from "../core/scoring/fill-progress.js";
import { getLang, type Lang } from "../i18n.js";
import { text, type Text } from "../core/lib/text.js";
import { diagnosticJson } from "../render/formats/message.js";
import { resultTexts } from "../render/report/result-text.js";
import { WORKBOOK } from "../io/self-assessment-names.js";
import { VERSION } from "../version.js";
import type { FlowResult, Outcome } from "./outcome.js";

export interface LoadedStandard {
  standard?: Standard & { fingerprint?: string; chain?: string[] };
  diagnostics: Diagnostic[];
  /** The standard could not be found at all (exit 2), rather than found with errors (exit 1). */
  notFound: boolean;
}

/** A standard by id or by path (relative to `baseDir`), compiled (extends resolved) and ready for scoring. */
export async function loadStandardRef(ref: string, baseDir: string, extra: readonly string[]): Promise<LoadedStandard> {
  const { loadCompiledCached } = await import("../io/standard-cache.js");
  // The compiler (and the lint rules with it) is loaded only on a cache miss.
  const out = await loadCompiledCached(ref, { baseDir, extra }, async (r, o) => (await import("./standard.js")).loadCompiled(r, o));
  if (out.compiled) {
    // A cache hit reads the chain's files only to hash them: they are this run's inputs all the same.
    (await import("../io/inputs.js")).noteInputs(out.compiled.chain);
    return { standard: out.compiled, diagnostics: out.diagnostics, notFound: false };
  }
  const notFound = out.diagnostics.some((d) => ["STD002", "CLI001", "CLI006", "CLI007", "YML010"].includes(d.code));
  return { diagnostics: out.diagnostics, notFound };
}

export interface Scored {
  result?: ScoreResult;
  /** How far the findings are filled in, once the standard is known. */
  progress?: FillProgress;
  /** Every diagnostic, positioned, in a stable order. */
  diagnostics: Diagnostic[];
  /** ok when scored; invalid when the inputs have errors; cannot-run when the standard is missing. */
  outcome: Outcome;
}

/**
 * Read, validate and score one bundle folder. Problems with the inputs come back as
 * diagnostics; a bundle with errors is never scored (no silent zero).
 */
/** `lang` words the result's diagnostics and texts; the CLI leaves it to --lang, the library API passes it. */
export async function scoreDir(dir: string, opts: { standard?: string; path?: string[]; lang?: Lang } = {}): Promise<Scored> {
  const lb = await readBundle(dir);
  const diagnostics = [...lb.diagnostics];
  // A bundle filled in 自评表.xlsx: every position becomes the cell it came from.
  const placed = (ds: Diagnostic[]) => sortDiagnostics(lb.place ? lb.place(ds) : ds);
  if (!lb.bundle) return { diagnostics: placed(diagnostics), outcome: "invalid" };
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
  const fail = (ds: Diagnostic[], outcome: Exclude<Outcome, "ok">): Scored => {
    hashing?.cancel();
    return { diagnostics: placed(ds), outcome };
  };

  // --standard is relative to where the user is; the bundle's own choice to the bundle.
  const ref = opts.standard ?? bundle.standard;
  const baseDir = opts.standard !== undefined ? process.cwd() : lb.dir;
  const loaded = await loadStandardRef(ref, baseDir, opts.path ?? []);
  if (!loaded.standard) {
    const where = opts.standard === undefined ? { path: "/standard" } : {};
    const d = positionDiagnostics([diag("BUN002", { ref }, where)], lb.loaded);
    return fail([...diagnostics, ...loaded.diagnostics, ...d], loaded.notFound ? "cannot-run" : "invalid");
  }
  const std: Standard & { fingerprint?: string; chain?: string[] } = loaded.standard;
  // The standard's own lint warnings are for its authors (`stdz lint`), not for the assessor.

  const applies = appliesWith(evaluateCondition, bundle.enterprise);
  const lineOf = (ptr: string) => lb.loaded.locate(ptr)?.line;
  diagnostics.push(...positionDiagnostics(checkFindings(bundle, std, applies, lineOf), lb.loaded));
  const progress = fillProgress(std, bundle.findings, applies);
  const calc = scoreFindings(std, bundle.findings, applies, { profile: bundle.enterprise, prerequisites: bundle.prerequisites });
  diagnostics.push(...calc.diagnostics.map((d) => ({ ...d, file: lb.file })));
  if (hasErrors(diagnostics) || !hashing) return { ...fail(diagnostics, "invalid"), progress };

  const hashed = await hashing.finish();
  diagnostics.push(...hashed.diagnostics.map((d) => ({ ...d, file: lb.file })));
  if (hasErrors(diagnostics)) return fail(diagnostics, "invalid");

  const grade = gradeScore(std, calc, bundle.accidents, bundle.assessment.date, bundle.assessment.applied_level);
  const manifest = { path: lb.manifest, sha256: createHash("sha256").update(lb.bytes).digest("hex"), bytes: lb.bytes.length };
  const sorted = placed(diagnostics);
  const result = buildResult({
    standard: std,
    bundle,
    calc,
    grade,
    evidence: hashed.evidence,
    diagnostics: sorted.map((d) => diagnosticJson(d, opts.lang ?? getLang())),
    texts: resultTexts(grade, calc, opts.lang ?? getLang()),
    version: VERSION,
    manifest,
    uncited,
  });
  return { result, diagnostics: sorted, outcome: "ok", progress };
}

export interface Changed {
  path: string;
  expected: string;
  actual: string;
  expected_bytes: number;
  actual_bytes: number;
}

export interface VerifyReport {
  ok: boolean;
  result: string;
  bundle: string;
  checked: number;
  unchanged: number;
  changed: Changed[];
  missing: EvidenceFile[];
  added: string[];
  diagnostics: Diagnostic[];
}

/** Inside the bundle after following links; undefined when the file is missing. */
async function resolveInside(root: string, rel: string): Promise<{ real?: string; outside?: string }> {
  if (evidencePathProblem(rel)) return { outside: rel };
  const abs = join(root, ...normalizeEvidencePath(rel).split("/"));
  try {
    await lstat(abs);
    const real = await realpath(abs);
    if (!inside(root, real)) return { outside: real };
    if (!(await stat(real)).isFile()) return {};
    return { real };
  } catch {
    return {};
  }
}

/** Compare a bundle folder with the hashes a result recorded. A folder that cannot be read throws InputError. */
export async function verifyBundle(result: ScoreResult, resultFile: string, dir: string): Promise<VerifyReport> {
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) throw new Error("not a folder");
  } catch {
    throw new InputError([diag("CLI001", { file: dir, reason: { zh: "文件夹不存在", en: "no such folder" } }, { file: dir })]);
  }
  const recorded: EvidenceFile[] = [...result.evidence];
  if (result.manifest) recorded.push(result.manifest);
  const report: VerifyReport = {
    ok: true,
    result: resultFile,
    bundle: dir,
    checked: recorded.length,
    unchanged: 0,
    changed: [],
    missing: [],
    added: [],
    diagnostics: [],
  };

  const resolved = await Promise.all(recorded.map((e) => resolveInside(root, e.path)));
  const toHash: { e: EvidenceFile; real: string }[] = [];
  recorded.forEach((e, i) => {
    const r = resolved[i]!;
    if (r.outside !== undefined) report.diagnostics.push(diag("BUN055", { path: e.path, target: r.outside }, { file: dir }));
    if (r.real === undefined) {
      report.missing.push(e);
      report.diagnostics.push(diag("BUN062", { path: e.path, expected: e.sha256.slice(0, 12) }, { file: dir }));
    } else toHash.push({ e, real: r.real });
  });
  const hashes = await hashFiles(toHash.map((x) => x.real));
  hashes.forEach((h, i) => {
    const { e } = toHash[i]!;
    if ("error" in h) {
      report.missing.push(e);
      report.diagnostics.push(diag("BUN056", { path: e.path, reason: h.error.code ?? h.error.message }, { file: dir }));
    } else if (h.sha256 !== e.sha256 || h.bytes !== e.bytes) {
      report.changed.push({ path: e.path, expected: e.sha256, actual: h.sha256, expected_bytes: e.bytes, actual_bytes: h.bytes });
      report.diagnostics.push(diag("BUN061", { path: e.path, expected: e.sha256.slice(0, 12), actual: h.sha256.slice(0, 12) }, { file: dir }));
    } else report.unchanged++;
  });

  // Added: files under files/ that were neither cited nor listed as present when the result was made.
  const known = new Set([...recorded.map((e) => normalizeEvidencePath(e.path)), ...(result.uncited ?? []), MANIFEST, WORKBOOK]);
  for (const p of await listBundleFiles(dir)) {
    if (known.has(p)) continue;
    report.added.push(p);
    report.diagnostics.push(diag("BUN063", { path: p }, { file: dir }));
  }
  report.ok = report.changed.length === 0 && report.missing.length === 0 && report.added.length === 0 && report.diagnostics.length === 0;
  return report;
}

/** `stdz verify`: read a result and compare the bundle with it; invalid when anything differs. */
export async function verifyResult(resultFile: string, dir: string): Promise<FlowResult<VerifyReport>> {
  const result = await readResultFile(resultFile, { parse: "BUN060", shape: "BUN060" });
  const report = await verifyBundle(result, resultFile, dir);
  return { value: report, diagnostics: report.diagnostics, outcome: report.ok ? "ok" : "invalid" };
}

/** Read a result JSON; anything that is not one is an exit-2 error naming the file. */
export async function readScoreResult(file: string): Promise<ScoreResult> {
  // The shape check first, so that a template never meets a field of the wrong type.
  return readResultFile(file, { parse: "TPL006", shape: "TPL007" }, resultShapeProblem);
}

/** The fields every template relies on; undefined when the value looks like a result. */
function resultShapeProblem(v: unknown): Text | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return text("顶层不是对象", "the top level is not an object");
  const r = v as Record<string, unknown>;
  if (r.kind !== "result") return text('缺少 "kind": "result"', 'no "kind": "result"');
  if (r.stdz !== 1) return text("不支持的 stdz 版本", "unsupported stdz version");
  const obj = (x: unknown) => typeof x === "object" && x !== null && !Array.isArray(x);
  if (!obj(r.standard)) return text("缺少 standard", "no standard");
  if (!obj(r.enterprise) || typeof (r.enterprise as Record<string, unknown>).name !== "string") return text("缺少 enterprise.name", "no enterprise.name");
  if (!obj(r.assessment)) return text("缺少 assessment", "no assessment");
  for (const k of ["elements", "items", "nonconformities", "evidence", "grade_reasons"]) if (!Array.isArray(r[k])) return text(`缺少列表 ${k}`, `no list ${k}`);
  if (typeof r.score !== "number") return text("缺少 score", "no score");
  if (typeof r.grade !== "string") return text("缺少 grade", "no grade");
  return undefined;
}
