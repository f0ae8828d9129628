import { createHash } from "node:crypto";
import { lstat, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { diag, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { checkFindings, evidencePathProblem, normalizeEvidencePath } from "../core/scoring/bundle.js";
import { evaluateCondition } from "../core/standard/condition.js";
import { gradeScore } from "../core/scoring/grade.js";
import type { Standard } from "../core/standard/model.js";
import { checkDigest, withDigest, type EvidenceFile, type ScoreResult } from "../core/scoring/result.js";
import { resultDifferences, type ResultDifference } from "../core/scoring/result-compare.js";
import { appliesWith, buildResult, scoreFindings } from "../core/scoring/score.js";
import {
  beginEvidenceHashing,
  checkEvidence,
  inside,
  listBundle,
  MANIFEST,
  positionDiagnostics,
  readBundle,
  unreadableDiagnostics,
  type LoadedBundle,
  type ReadDir,
} from "../io/bundle.js";
import { hashFiles } from "../io/hash.js";
import { checkSignature, readEd25519Key, readResultFile, sha256Hex, type ResultKey } from "../io/result-file.js";
import { fillProgress, type FillProgress } from "../core/scoring/fill-progress.js";
import { getLang, type Lang } from "../i18n.js";
import { text, type Text } from "../core/lib/text.js";
import { diagnosticJson } from "../render/formats/message.js";
import { resultTexts } from "../render/report/result-text.js";
import { WORKBOOK } from "../io/self-assessment-names.js";
import { VERSION } from "../version.js";
import type { FlowResult, Outcome } from "./outcome.js";

export interface LoadedStandard {
  standard?: ScoringStandard;
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

export interface ScoreDirOptions {
  standard?: string;
  path?: string[];
  lang?: Lang;
  /** The bundle already read (verify reads it first to find the standard). */
  bundle?: LoadedBundle;
  /** Score against this standard instead of looking one up (verify: the one with the result's fingerprint). */
  compiled?: ScoringStandard;
}

export type ScoringStandard = Standard & { fingerprint?: string; chain?: string[] };

/**
 * Read, validate and score one bundle folder. Problems with the inputs come back as
 * diagnostics; a bundle with errors is never scored (no silent zero).
 */
/** `lang` words the result's diagnostics and texts; the CLI leaves it to --lang, the library API passes it. */
export async function scoreDir(dir: string, opts: ScoreDirOptions = {}): Promise<Scored> {
  const lb = opts.bundle ?? (await readBundle(dir));
  const diagnostics = [...lb.diagnostics];
  // A bundle filled in 自评表.xlsx: every position becomes the cell it came from.
  const placed = (ds: Diagnostic[]) => sortDiagnostics(lb.place ? lb.place(ds) : ds);
  if (!lb.bundle) return { diagnostics: placed(diagnostics), outcome: "invalid" };
  const bundle = lb.bundle;

  // Evidence first, so that hashing (on other threads, for large batches) overlaps the rest.
  const listing = await listBundle(lb.dir);
  diagnostics.push(...unreadableDiagnostics(listing, lb.file));
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
  const loaded: LoadedStandard = opts.compiled
    ? { standard: opts.compiled, diagnostics: [], notFound: false }
    : await loadStandardRef(ref, baseDir, opts.path ?? []);
  if (!loaded.standard) {
    const where = opts.standard === undefined ? { path: "/standard" } : {};
    const d = positionDiagnostics([diag("BUN002", { ref }, where)], lb.loaded);
    return fail([...diagnostics, ...loaded.diagnostics, ...d], loaded.notFound ? "cannot-run" : "invalid");
  }
  const std: ScoringStandard = loaded.standard;
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
  return { result: withDigest(result, sha256Hex), diagnostics: sorted, outcome: "ok", progress };
}

export interface Changed {
  path: string;
  expected: string;
  actual: string;
  expected_bytes: number;
  actual_bytes: number;
}

/** The standard re-scoring used: the one whose fingerprint the result records, and where it was found. */
export interface VerifiedStandard {
  id: string;
  version?: string;
  fingerprint: string;
  /** The reference that found it: --standard, the bundle's `standard`, or the result's id in the search path. */
  ref: string;
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
  /** The result file against its own digest: ok, missing (an older build), unknown-alg, or mismatch (edited). */
  digest: "ok" | "missing" | "unknown-alg" | "mismatch";
  /** Only with --verify-key. */
  signature?: "ok" | "missing" | "bad";
  standard?: VerifiedStandard;
  /** The bundle was scored again; false when it no longer scores (the reasons are in diagnostics). */
  rescored: boolean;
  /** Every field where the result file differs from re-scoring. */
  differences: ResultDifference[];
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

export interface HashCheck {
  checked: number;
  unchanged: number;
  changed: Changed[];
  missing: EvidenceFile[];
  added: string[];
  diagnostics: Diagnostic[];
}

async function bundleRoot(dir: string): Promise<string> {
  try {
    const root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) throw new Error("not a folder");
    return root;
  } catch {
    throw new InputError([diag("CLI001", { file: dir, reason: { zh: "文件夹不存在", en: "no such folder" } }, { file: dir })]);
  }
}

/**
 * Compare a bundle folder with the hashes a result recorded. A folder that cannot be read throws
 * InputError; a folder under files/ that cannot be read is BUN098 (what was added is then unknown).
 * `readDir` is the listing's file-system seam, for tests.
 */
export async function verifyBundle(result: ScoreResult, dir: string, readDir?: ReadDir): Promise<HashCheck> {
  const root = await bundleRoot(dir);
  const recorded: EvidenceFile[] = [...result.evidence];
  if (result.manifest) recorded.push(result.manifest);
  const report: HashCheck = { checked: recorded.length, unchanged: 0, changed: [], missing: [], added: [], diagnostics: [] };

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
  const listing = await listBundle(dir, "files", readDir);
  report.diagnostics.push(...unreadableDiagnostics(listing, dir));
  for (const p of listing.all) {
    if (known.has(p)) continue;
    report.added.push(p);
    report.diagnostics.push(diag("BUN063", { path: p }, { file: dir }));
  }
  return report;
}

export interface ResultIntegrity {
  digest: VerifyReport["digest"];
  signature?: VerifyReport["signature"];
  /** The content no longer matches its digest: a report says so on its first page. */
  edited: boolean;
  diagnostics: Diagnostic[];
}

/**
 * A result file against its own digest and, with a key, its signature. An edit is `edited` at the
 * caller's severity (verify: error; report and deviation: warning); a missing or bad signature
 * when a key was given is always an error.
 */
export function resultIntegrity(result: ScoreResult, file: string, key: ResultKey | undefined, edited: "error" | "warning"): ResultIntegrity {
  const diagnostics: Diagnostic[] = [];
  const d = checkDigest(result, sha256Hex);
  if (d.state === "mismatch")
    diagnostics.push(diag("BUN093", { file, recorded: d.found.slice(0, 12), actual: d.expected.slice(0, 12) }, { file, path: "/digest", severity: edited }));
  else if (d.state === "missing") diagnostics.push(diag("BUN094", { file, reason: text("由较早版本的 stdz 生成", "written by an older stdz") }, { file }));
  else if (d.state === "unknown-alg")
    diagnostics.push(diag("BUN094", { file, reason: text(`不认识的摘要算法 ${d.alg}`, `unknown digest algorithm ${d.alg}`) }, { file, path: "/digest/alg" }));
  const out: ResultIntegrity = { digest: d.state, edited: d.state === "mismatch", diagnostics };
  if (key) {
    const s = checkSignature(result, key);
    out.signature = s.state;
    if (s.state === "missing") diagnostics.push(diag("BUN095", { file, key: key.file }, { file }));
    else if (s.state === "bad") diagnostics.push(diag("BUN096", { file, key: key.file, reason: s.reason }, { file, path: "/signature" }));
  }
  return out;
}

/** Read a result file and check it against its digest (and signature, with a key file). */
export async function readCheckedResult(
  file: string,
  read: (file: string) => Promise<ScoreResult>,
  opts: { verifyKey?: string; edited: "error" | "warning" },
): Promise<{ result: ScoreResult; integrity: ResultIntegrity }> {
  const result = await read(file);
  const key = opts.verifyKey !== undefined ? await readEd25519Key(opts.verifyKey, "verify") : undefined;
  return { result, integrity: resultIntegrity(result, file, key, opts.edited) };
}

export interface VerifyOptions {
  /** Extra folders of standards (--path). */
  path?: readonly string[];
  /** The standard to re-score with, when the result was scored with `score --standard`. */
  standard?: string;
  /** A public key file: the result must carry a signature it verifies. */
  verifyKey?: string;
  /** The listing's file-system seam, for tests. */
  readDir?: ReadDir;
}

/** Reasons shown when the bundle no longer scores. */
const RESCORE_ERRORS_SHOWN = 5;

/** Shown on stderr one by one; JSON lists every difference. */
export const DIFFERENCES_SHOWN = 20;

/** A value for a one-line message: JSON, cut short when long. */
function shortJson(v: unknown): string {
  if (v === undefined) return "—";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * The standard whose fingerprint the result records, looked for where `score` would find it:
 * --standard (from the current folder), the bundle's `standard` (from the bundle), and the
 * result's id in the search path (built-in standards, --path, STDZ_STANDARDS_PATH).
 */
async function standardByFingerprint(
  result: ScoreResult,
  bundleRef: string | undefined,
  bundleDir: string,
  opts: VerifyOptions,
): Promise<{ standard?: ScoringStandard; ref?: string; tried: string[] }> {
  const want = result.standard.fingerprint;
  const refs: { ref: string; baseDir: string }[] = [];
  if (opts.standard !== undefined) refs.push({ ref: opts.standard, baseDir: process.cwd() });
  if (bundleRef !== undefined) refs.push({ ref: bundleRef, baseDir: bundleDir });
  refs.push({ ref: result.standard.id, baseDir: bundleDir });
  const tried: string[] = [];
  const seen = new Set<string>();
  for (const { ref, baseDir } of refs) {
    const key = `${baseDir}\0${ref}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const loaded = await loadStandardRef(ref, baseDir, opts.path ?? []);
    const fp = loaded.standard?.fingerprint;
    if (fp === want) return { standard: loaded.standard!, ref, tried };
    tried.push(fp === undefined ? `${ref} (—)` : `${ref} (${fp.slice(0, 12)})`);
  }
  return { tried };
}

/**
 * `stdz verify`: the result file against its digest (and signature), the bundle's files against the
 * recorded hashes, and the result against a fresh scoring of the bundle with the standard the result
 * names. Invalid when anything differs; cannot run (exit 2) when that standard is not found.
 */
export async function verifyResult(resultFile: string, dir: string, opts: VerifyOptions = {}): Promise<FlowResult<VerifyReport>> {
  const { result, integrity } = await readCheckedResult(resultFile, (f) => readResultFile(f, { parse: "BUN060", shape: "BUN060" }), {
    ...(opts.verifyKey !== undefined ? { verifyKey: opts.verifyKey } : {}),
    edited: "error",
  });
  await bundleRoot(dir);
  // The bundle is read once: its `standard` helps find the standard, and it is scored again below.
  let lb: LoadedBundle | undefined;
  let unreadable: Diagnostic[] = [];
  try {
    lb = await readBundle(dir);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    unreadable = e.diagnostics;
  }
  const found = await standardByFingerprint(result, lb?.bundle?.standard, lb?.dir ?? dir, opts);
  if (!found.standard) {
    const s = result.standard;
    const tried = found.tried.join(getLang() === "en" ? ", " : "、");
    throw new InputError([
      ...integrity.diagnostics,
      diag("BUN090", { id: s.id, version: s.version ?? "—", fingerprint: s.fingerprint, tried }, { file: resultFile, path: "/standard/fingerprint" }),
    ]);
  }
  const hashes = await verifyBundle(result, dir, opts.readDir);
  const report: VerifyReport = {
    ok: false,
    result: resultFile,
    bundle: dir,
    checked: hashes.checked,
    unchanged: hashes.unchanged,
    changed: hashes.changed,
    missing: hashes.missing,
    added: hashes.added,
    digest: integrity.digest,
    ...(integrity.signature !== undefined ? { signature: integrity.signature } : {}),
    standard: {
      id: found.standard.id,
      ...(found.standard.version !== undefined ? { version: found.standard.version } : {}),
      fingerprint: result.standard.fingerprint,
      ref: found.ref!,
    },
    rescored: false,
    differences: [],
    diagnostics: [...integrity.diagnostics, ...hashes.diagnostics],
  };

  // Re-scored in the language the file was written in, so the formula and grade reasons compare too.
  const lang: Lang = result.formula.startsWith("score") ? "en" : "zh";
  const scored = lb ? await scoreDir(lb.dir, { bundle: lb, compiled: found.standard, lang, ...(opts.path ? { path: [...opts.path] } : {}) }) : undefined;
  if (!scored?.result) {
    // A few of the reasons; `stdz score` on the bundle lists them all.
    const said = new Set(report.diagnostics.map((d) => `${d.code}\0${String(d.args.path)}`));
    const errors = scored ? scored.diagnostics.filter((d) => d.severity === "error") : unreadable;
    const problems = errors.filter((d) => !said.has(`${d.code}\0${String(d.args.path)}`));
    report.diagnostics.push(
      ...problems.slice(0, RESCORE_ERRORS_SHOWN),
      diag("BUN099", { dir, standard: found.standard.id, count: errors.length }, { file: dir }),
    );
  } else {
    report.rescored = true;
    report.differences = resultDifferences(scored.result, result);
    for (const d of report.differences.slice(0, DIFFERENCES_SHOWN))
      report.diagnostics.push(diag("BUN091", { path: d.path, expected: shortJson(d.expected), found: shortJson(d.found) }, { file: resultFile }));
    const more = report.differences.length - DIFFERENCES_SHOWN;
    if (more > 0) report.diagnostics.push(diag("BUN092", { count: more }, { file: resultFile }));
  }
  report.ok = !hasErrors(report.diagnostics) && report.rescored && report.differences.length === 0;
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
