// The library API: the CLI's workflows for a department's own system, returning the data the
// CLI prints instead of printing it. Thin wrappers over src/flows and src/render; nothing here
// exits, prints or reads a language global for its results.
import type { Json } from "./core/lib/canonical.js";
import type { Rational } from "./core/lib/rational.js";
import { compiledToJson } from "./core/standard/compiled.js";
import type { LintSummary } from "./core/standard/lint/types.js";
import { summarize } from "./core/standard/lint/types.js";
import type { ScoreResult } from "./core/scoring/result.js";
import { InputError, type Diagnostic, type DiagnosticJson } from "./diagnostics.js";
import type { Lang } from "./i18n.js";
import type { BatchSettings } from "./flows/batch.js";
import { runBatch } from "./flows/batch.js";
import { readScoreResult, scoreDir } from "./flows/bundle.js";
import { deviation as deviationFlow, type DeviationRun } from "./flows/deviation.js";
import type { Outcome } from "./flows/outcome.js";
import { delimiterOf, scanRegister as scanFlow, type DelimiterChoice, type RegisterEncoding } from "./flows/register.js";
import { drawSample as sampleFlow, type SampleRun } from "./flows/sample.js";
import { compileStandard as compileFlow, lintPaths } from "./flows/standard.js";
import type { RegisterInfo } from "./io/register.js";
import type { ProcessCounts } from "./core/register/process.js";
import { diagnosticJson, message } from "./render/formats/message.js";
import type { OutputFormat } from "./render/formats/hbs.js";
import { renderReport as renderReportFlow } from "./render/report/report.js";
import { pairJson, registerJson } from "./render/deviation/deviation-output.js";
import { sampleJson } from "./render/sample/sample-output.js";

/** `message(d, lang)` words a diagnostic, e.g. those an InputError carries. */
export { InputError, message };
export type {
  Diagnostic,
  DiagnosticJson,
  DeviationRun,
  Json,
  Lang,
  LintSummary,
  OutputFormat,
  Outcome,
  ProcessCounts,
  Rational,
  RegisterInfo,
  SampleRun,
  ScoreResult,
  DelimiterChoice,
  RegisterEncoding,
  BatchSettings,
};

/** Options every call takes. */
export interface CommonOptions {
  /** Language of messages and texts: "zh" (default) or "en". */
  lang?: Lang;
}

/** Where standards are looked up besides the built-in ones (the CLI's --standards-path / --path). */
export interface StandardsOptions extends CommonOptions {
  standardsPath?: readonly string[];
}

/**
 * What every call returns: its data, the diagnostics in the CLI's JSON form (message worded in
 * `lang`), and the outcome (`ok`: clean; `invalid`: inputs read and have errors; `cannot-run`).
 */
export interface ApiResult<T> {
  value: T;
  diagnostics: DiagnosticJson[];
  outcome: Outcome;
}

function langOf(o: CommonOptions): Lang {
  return o.lang ?? "zh";
}

function worded(diags: readonly Diagnostic[], lang: Lang): DiagnosticJson[] {
  return diags.map((d) => diagnosticJson(d, lang));
}

/** Nothing was produced because an input could not be read: the API's one way of saying so. */
function unreadable(diags: Diagnostic[]): never {
  throw new InputError(diags);
}

// ── standards ──────────────────────────────────────────────────────────────────────────────

export interface LintOutput {
  files: string[];
  summary: LintSummary;
}

/** `stdz lint`: check standard files (or folders of them). Suppressed findings carry `suppressed`. */
export async function lintStandard(paths: string | readonly string[], opts: StandardsOptions = {}): Promise<ApiResult<LintOutput>> {
  const { value, outcome } = await lintPaths(typeof paths === "string" ? [paths] : [...paths], [...(opts.standardsPath ?? [])]);
  return { value: { files: value.files, summary: summarize(value) }, diagnostics: worded(value.diagnostics, langOf(opts)), outcome };
}

/**
 * `stdz compile`: resolve a standard (built-in id or path) with its extends chain into the
 * compiled JSON the CLI writes. Throws InputError when the standard cannot be found or read.
 */
export async function compileStandard(ref: string, opts: StandardsOptions = {}): Promise<ApiResult<Record<string, Json> | undefined>> {
  const { value, diagnostics, outcome } = await compileFlow(ref, [...(opts.standardsPath ?? [])]);
  const shown = diagnostics.filter((d) => d.suppressed === undefined);
  if (!value && outcome === "cannot-run") unreadable(shown);
  return { value: value ? compiledToJson(value) : undefined, diagnostics: worded(shown, langOf(opts)), outcome };
}

// ── bundles ────────────────────────────────────────────────────────────────────────────────

export interface ScoreOptions extends StandardsOptions {
  /** A standard id or path instead of the bundle's own (a path is relative to the process's cwd). */
  standard?: string;
}

/**
 * `stdz score --format json`: validate and score an evidence bundle folder. `value` is the
 * result (undefined when the bundle has errors: never a silent zero). Throws InputError when
 * the standard cannot be found.
 */
export async function scoreBundle(dir: string, opts: ScoreOptions = {}): Promise<ApiResult<ScoreResult | undefined>> {
  const lang = langOf(opts);
  const scored = await scoreDir(dir, { ...(opts.standard !== undefined ? { standard: opts.standard } : {}), path: [...(opts.standardsPath ?? [])], lang });
  if (!scored.result && scored.outcome === "cannot-run") unreadable(scored.diagnostics);
  return { value: scored.result, diagnostics: worded(scored.diagnostics, lang), outcome: scored.outcome };
}

export interface ReportOptions extends CommonOptions {
  /** Built-in template ("report", "report.md", "rectification") or a .hbs path; default "report". */
  template?: string;
}

/**
 * `stdz report`: render a result (from scoreBundle, or the path of a result JSON file) with a
 * template; HTML or Markdown as the template names. Bad templates throw InputError.
 */
export async function renderReport(result: ScoreResult | string, opts: ReportOptions = {}): Promise<{ text: string; format: OutputFormat }> {
  const r = typeof result === "string" ? await readScoreResult(result) : result;
  return renderReportFlow(r, { ...(opts.template !== undefined ? { template: opts.template } : {}), lang: langOf(opts) });
}

// ── registers ──────────────────────────────────────────────────────────────────────────────

export interface RegisterOptions extends CommonOptions {
  /** Default "auto" (UTF-8 or GBK detected). */
  encoding?: RegisterEncoding;
  /** Default "auto". */
  delimiter?: DelimiterChoice;
  /** The sheet of an .xlsx register: a name or a 1-based position (default the first visible sheet). */
  sheet?: string;
}

export interface RegisterScan {
  info: RegisterInfo;
  counts: ProcessCounts;
  /** Rejection problems by code, over every row. */
  rejectedByCode: Record<string, number>;
}

/**
 * Read a register (CSV or .xlsx) with `stdz batch`'s row checks. `diagnostics` are the first `keep`
 * row problems (default 1000), each with its `row`. Throws InputError for an unreadable file.
 */
export async function scanRegister(file: string, opts: RegisterOptions & { keep?: number } = {}): Promise<ApiResult<RegisterScan>> {
  const scan = await scanFlow(file, { encoding: opts.encoding ?? "auto", delimiter: delimiterOf(opts.delimiter), sheet: opts.sheet, keep: opts.keep ?? 1000 });
  scan.processor.endOfInput();
  return {
    value: { info: scan.info, counts: scan.counts, rejectedByCode: scan.rejectedByCode },
    diagnostics: worded(scan.rowDiagnostics, langOf(opts)),
    outcome: "ok",
  };
}

export interface SummaryOptions extends RegisterOptions, StandardsOptions {
  /** The day of the count, YYYY-MM-DD (default today). */
  asOf?: string;
  /** 达标率 targets file (YAML). */
  targets?: string;
  /** Sector → lead department table (CSV) instead of the built-in one. */
  departments?: string;
  /** A standard whose grade thresholds the downgrade check uses. */
  standard?: string;
  /** "一级,二级,三级" score thresholds, e.g. "90,75,60". */
  thresholds?: string;
  /** Certificates expiring within this many days are listed (default 90). */
  expiringDays?: number;
  /** 应达标企业数: "all" (default) also counts rejected rows that are not later duplicates; "accepted" only accepted rows. */
  denominator?: "all" | "accepted";
  /** With targets: the 达标率 trend at the milestones (default) or also at every month end. */
  trend?: "milestones" | "monthly";
}

/**
 * `stdz batch --format json` without writing files: the summary (counts, 达标情况 by
 * department and county, 达标率 against targets, 动态管理 counts). `diagnostics` are the
 * file-level ones and the first 1000 row problems, as in the CLI's summary.json.
 */
export async function summariseRegister(file: string, opts: SummaryOptions = {}): Promise<ApiResult<Record<string, unknown>>> {
  const { value: run, outcome } = await runBatch(
    file,
    {
      format: "json",
      encoding: opts.encoding ?? "auto",
      delimiter: opts.delimiter ?? "auto",
      ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
      ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
      ...(opts.targets !== undefined ? { targets: opts.targets } : {}),
      ...(opts.departments !== undefined ? { departments: opts.departments } : {}),
      ...(opts.standard !== undefined ? { standard: opts.standard } : {}),
      path: [...(opts.standardsPath ?? [])],
      ...(opts.thresholds !== undefined ? { thresholds: opts.thresholds } : {}),
      expiringDays: String(opts.expiringDays ?? 90),
      ...(opts.denominator !== undefined ? { denominator: opts.denominator } : {}),
      ...(opts.trend !== undefined ? { trend: opts.trend } : {}),
      progress: false,
      xlsx: false,
      html: false,
    },
    async () => undefined,
  );
  return { value: run.summary, diagnostics: worded(run.diagnostics, langOf(opts)), outcome };
}

export interface SampleOptions extends RegisterOptions {
  /** Share to draw: decimal, fraction ("1/3") or percentage ("10%"); default 0.1. */
  rate?: string | number;
  /** At least this many per group (all when the group is smaller); default 3. */
  min?: number;
  /** Group column: "county" (default), "review_org" or any header. */
  by?: string;
  /** Seed (any text; default the asOf date). */
  seed?: string;
  asOf?: string;
  gradedSince?: string;
  /** Exclusion CSV (e.g. a previous sample). */
  exclude?: string;
}

/**
 * `stdz sample`: draw enterprises for spot checks, reproducibly from the seed. `value.run` has
 * exact numbers; `value.json` is what `stdz sample --format json` prints.
 */
export async function drawSample(file: string, opts: SampleOptions = {}): Promise<ApiResult<{ run: SampleRun; json: Json }>> {
  const { value, diagnostics, outcome } = await sampleFlow(file, {
    rate: String(opts.rate ?? "0.1"),
    min: String(opts.min ?? 3),
    by: opts.by ?? "county",
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
    ...(opts.gradedSince !== undefined ? { gradedSince: opts.gradedSince } : {}),
    ...(opts.exclude !== undefined ? { exclude: opts.exclude } : {}),
    format: "json",
    encoding: opts.encoding ?? "auto",
    delimiter: opts.delimiter ?? "auto",
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
  });
  return { value: { run: value, json: parseJson(sampleJson(value)) }, diagnostics: worded(diagnostics, langOf(opts)), outcome };
}

export interface DeviationOptions extends RegisterOptions, StandardsOptions {
  /** Flag when the deviation reaches this (decimal, fraction or percentage); default 0.30. */
  threshold?: string | number;
  /** Flag a whole group when its flagged share reaches this; default the threshold. */
  groupThreshold?: string | number;
  /** Register mode's group column; default "county". */
  by?: string;
  /** Score bundle folders with this standard. */
  standard?: string;
}

/** Two results (result JSON files or bundle folders), or one register with 评审得分 and 抽查得分. */
export type DeviationInput = { reported: string; audited: string } | { register: string };

/**
 * `stdz deviation`: 误差率 of a reported and an audited result, or per enterprise and group of
 * a register. `value.json` is what `--format json` prints. Throws InputError when an input
 * cannot be read.
 */
export async function deviation(input: DeviationInput, opts: DeviationOptions = {}): Promise<ApiResult<{ run: DeviationRun; json: Json } | undefined>> {
  const pair = "register" in input ? undefined : input;
  const { value, diagnostics, outcome } = await deviationFlow(pair?.reported, pair?.audited, {
    ...("register" in input ? { register: input.register } : {}),
    threshold: String(opts.threshold ?? "0.30"),
    ...(opts.groupThreshold !== undefined ? { groupThreshold: String(opts.groupThreshold) } : {}),
    by: opts.by ?? "county",
    ...(opts.standard !== undefined ? { standard: opts.standard } : {}),
    path: [...(opts.standardsPath ?? [])],
    format: "json",
    encoding: opts.encoding ?? "auto",
    delimiter: opts.delimiter ?? "auto",
    ...(opts.sheet !== undefined ? { sheet: opts.sheet } : {}),
  });
  if (!value && outcome === "cannot-run") unreadable(diagnostics);
  const json = value ? parseJson(value.kind === "register" ? registerJson(value.report) : pairJson(value.report)) : undefined;
  return { value: value && json !== undefined ? { run: value, json } : undefined, diagnostics: worded(diagnostics, langOf(opts)), outcome };
}

function isJson(v: unknown): v is Json {
  // JSON.parse only ever yields Json values.
  return v === null || ["boolean", "number", "string", "object"].includes(typeof v);
}

function parseJson(text: string): Json {
  const v: unknown = JSON.parse(text);
  if (!isJson(v)) throw new TypeError("not JSON");
  return v;
}
