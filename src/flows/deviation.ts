// The deviation workflow: 误差率 between a reported and an audited result of one enterprise
// (result JSON files or bundle folders, scored first), or per enterprise and per group of a
// register with 评审得分 and 抽查得分 (DESIGN.md "Deviation").
import { stat } from "node:fs/promises";
import { diag, hasErrors, InputError, type Diagnostic } from "../diagnostics.js";
import type { ResultKey } from "../io/result-file.js";
import { t } from "../i18n.js";
import { compareResults, pairMismatch, registerDeviation, type RegisterDeviationRow } from "../core/register/deviation.js";
import { Rational } from "../core/lib/rational.js";
import { SCORE_SCALE } from "../core/register/values.js";
import type { ScoreResult } from "../core/scoring/result.js";
import type { DeviationSide, PairReport, RegisterEnterprise, RegisterReport } from "../render/deviation/deviation-output.js";
import type { FlowResult, Outcome } from "./outcome.js";
import { delimiterOf, scanRegister, type DelimiterChoice, type RegisterEncoding } from "./register.js";
import { scanDiagnostics, STDERR_LIMIT, usageProblem } from "./sample.js";

export interface DeviationOptions {
  register?: string;
  threshold: string;
  groupThreshold?: string;
  by: string;
  standard?: string;
  path: string[];
  format: "table" | "csv" | "json";
  output?: string;
  html?: string;
  failOnFlag?: boolean;
  encoding: RegisterEncoding;
  delimiter: DelimiterChoice;
  /** A public key: result files must carry a signature it verifies. */
  verifyKey?: string;
  /** Sheet of an .xlsx register. */
  sheet?: string;
}

export type DeviationRun = { kind: "register"; report: RegisterReport; flagged: boolean } | { kind: "pair"; report: PairReport; flagged: boolean };

/** A ratio ≥ 0: "0.3", "3/10" or "30%". May exceed 1 (a deviation can). */
function parseRatio(text: string, option: string): Rational {
  const s = text.trim();
  const pct = /^(.*)%$/.exec(s);
  const r = pct ? Rational.parse(pct[1]!)?.div(Rational.of(100)) : Rational.parseFractionOrDecimal(s);
  if (!r || r.isNegative())
    throw usageProblem(
      t(
        `${option} “${text}” 应为非负的小数、分数（如 3/10）或百分数（如 30%）`,
        `${option} '${text}' must be a non-negative decimal, fraction (e.g. 3/10) or percentage (e.g. 30%)`,
      ),
    );
  return r;
}

/** The deviation of two results or of a register; `value` is undefined when a bundle could not be scored. */
export async function deviation(reported: string | undefined, audited: string | undefined, o: DeviationOptions): Promise<FlowResult<DeviationRun | undefined>> {
  const threshold = parseRatio(o.threshold, "--threshold");
  const groupThreshold = o.groupThreshold !== undefined ? parseRatio(o.groupThreshold, "--group-threshold") : threshold;
  if (o.register !== undefined) {
    if (reported !== undefined) throw usageProblem(t("--register 与两份结果不能同时使用", "--register cannot be used with two results"));
    const { report, diagnostics } = await registerMode(o.register, o, threshold, groupThreshold);
    const flagged = report.enterprises.some((e) => e.flagged) || report.groups.some((g) => g.group_flagged);
    return { value: { kind: "register", report, flagged }, diagnostics, outcome: "ok" };
  }
  if (reported === undefined || audited === undefined) {
    throw usageProblem(
      t(
        "用法：stdz deviation <评审结果> <抽查结果>，或 stdz deviation --register 台账.csv",
        "usage: stdz deviation <reported> <audited>, or stdz deviation --register register.csv",
      ),
    );
  }
  const diagnostics: Diagnostic[] = [];
  try {
    const key = o.verifyKey !== undefined ? await (await import("../io/result-file.js")).readEd25519Key(o.verifyKey, "verify") : undefined;
    const r = await loadSide(reported, o, diagnostics, key);
    if (typeof r === "string") return { value: undefined, diagnostics, outcome: r };
    const a = await loadSide(audited, o, diagnostics, key);
    if (typeof a === "string") return { value: undefined, diagnostics, outcome: a };
    const mismatch = pairMismatch(r.result, a.result);
    if (mismatch)
      throw new InputError([
        diag(mismatch.kind === "standard" ? "SMP011" : "SMP012", { reported: mismatch.reported, audited: mismatch.audited }, { file: audited }),
      ]);
    const dev = compareResults(r.result, a.result, threshold);
    const report: PairReport = { threshold, reported: r.side, audited: a.side, result: r.result, deviation: dev };
    return { value: { kind: "pair", report, flagged: dev.flagged }, diagnostics, outcome: "ok" };
  } catch (e) {
    // Diagnostics of a side already read are shown before the one that stopped the run.
    if (e instanceof InputError && diagnostics.length) throw new InputError([...diagnostics, ...e.diagnostics]);
    throw e;
  }
}

/** A result JSON or a bundle folder (scored); an outcome when a bundle could not be scored. */
async function loadSide(
  ref: string,
  o: DeviationOptions,
  diagnostics: Diagnostic[],
  key: ResultKey | undefined,
): Promise<{ result: ScoreResult; side: DeviationSide } | Outcome> {
  const st = await stat(ref).catch(() => undefined);
  if (!st) throw new InputError([diag("CLI001", { file: ref, reason: { zh: "文件不存在", en: "no such file" } }, { file: ref })]);
  if (st.isDirectory()) {
    const { scoreDir } = await import("./bundle.js");
    const scored = await scoreDir(ref, { ...(o.standard !== undefined ? { standard: o.standard } : {}), path: o.path });
    if (!scored.result) {
      diagnostics.push(...scored.diagnostics);
      return scored.outcome === "cannot-run" ? "cannot-run" : "invalid";
    }
    diagnostics.push(...scored.diagnostics.filter((d) => d.severity === "error"));
    return { result: scored.result, side: sideOf(scored.result, ref, "bundle") };
  }
  const { readResultFile } = await import("../io/result-file.js");
  // A result JSON validated against schema/result.schema.json; anything else is SMP010.
  const result = await readResultFile(ref, { parse: "SMP010", shape: "SMP010" });
  // An edited result is a warning here (the comparison still runs); a signature the key refuses stops it.
  const { resultIntegrity } = await import("./bundle.js");
  const integrity = resultIntegrity(result, ref, key, "warning");
  diagnostics.push(...integrity.diagnostics);
  if (hasErrors(integrity.diagnostics)) return "invalid";
  const side = sideOf(result, ref, "result");
  if (integrity.edited) side.edited = true;
  return { result, side };
}

function sideOf(r: ScoreResult, source: string, kind: "bundle" | "result"): DeviationSide {
  const organisation = r.assessment.organisation?.trim();
  return {
    source,
    kind,
    assessment_kind: r.assessment.kind,
    ...(organisation ? { organisation } : {}),
    date: r.assessment.date,
    score: r.score,
    grade: r.grade,
  };
}

async function registerMode(
  file: string,
  o: DeviationOptions,
  threshold: Rational,
  groupThreshold: Rational,
): Promise<{ report: RegisterReport; diagnostics: Diagnostic[] }> {
  const rows: RegisterDeviationRow<RegisterEnterprise>[] = [];
  let oneScore = 0;
  const scale = BigInt(SCORE_SCALE);
  const scan = await scanRegister(
    file,
    { encoding: o.encoding, delimiter: delimiterOf(o.delimiter), sheet: o.sheet, keep: STDERR_LIMIT, by: o.by },
    {
      header: (map) => {
        const missing = [map.index.score === undefined ? "评审得分" : "", map.index.audit_score === undefined ? "抽查得分" : ""].filter((x) => x !== "");
        if (missing.length) throw new InputError([diag("SMP020", { missing: missing.join(t("、", ", ")) }, { file })]);
      },
      accept: (r, group) => {
        if (r.score === undefined && r.audit_score === undefined) return;
        if (r.score === undefined || r.audit_score === undefined) {
          oneScore++;
          return;
        }
        const row: RegisterDeviationRow<RegisterEnterprise> = {
          group,
          reported: Rational.of(BigInt(r.score.micro), scale),
          audited: Rational.of(BigInt(r.audit_score.micro), scale),
          data: { row: r.row, name: r.name, credit_code: r.credit_code, reported_text: r.score.text, audited_text: r.audit_score.text },
        };
        if (r.grade !== undefined) row.reported_grade = r.grade;
        if (r.audit_grade !== undefined) row.audited_grade = r.audit_grade;
        rows.push(row);
      },
    },
  );
  const diagnostics = scanDiagnostics(file, scan);
  if (oneScore > 0) diagnostics.push(diag("SMP021", { count: oneScore }, { file }));
  const dev = registerDeviation(rows, threshold, groupThreshold);
  const report: RegisterReport = {
    file,
    by: o.by,
    threshold,
    group_threshold: groupThreshold,
    register: { read: scan.counts.read, accepted: scan.counts.accepted, rejected: scan.counts.rejected, sampled: rows.length, one_score_only: oneScore },
    enterprises: dev.enterprises,
    groups: dev.groups,
  };
  return { report, diagnostics };
}
