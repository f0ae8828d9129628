// stdz deviation: 误差率 between a reported and an audited result of one enterprise (result
// JSON files or bundle folders, scored first), or per enterprise and per group of a register
// with 评审得分 and 抽查得分 (DESIGN.md "Deviation").
import { stat } from "node:fs/promises";
import { CliError, diag, type Diagnostic } from "../diagnostics.js";
import { t } from "../i18n.js";
import { compareResults, pairMismatch, registerDeviation, type RegisterDeviationRow } from "../core/register/deviation.js";
import { Rational } from "../core/rational.js";
import { SCORE_SCALE } from "../core/register/values.js";
import type { ScoreResult } from "../core/result.js";
import { emit, writeFileAtomic } from "../io/atomic.js";
import { printDiagnostics, usageError } from "./output.js";
import type { DeviationOptions } from "./deviation.cli.js";
import type { DeviationSide, PairReport, RegisterEnterprise, RegisterReport } from "../render/deviation-output.js";

/** A ratio ≥ 0: "0.3", "3/10" or "30%". May exceed 1 (a deviation can). */
function parseRatio(text: string, option: string): Rational {
  const s = text.trim();
  const pct = /^(.*)%$/.exec(s);
  const r = pct ? Rational.parse(pct[1]!)?.div(Rational.of(100)) : Rational.parseFractionOrDecimal(s);
  if (!r || r.isNegative()) throw usageError(t(`${option} “${text}” 应为非负的小数、分数（如 3/10）或百分数（如 30%）`, `${option} '${text}' must be a non-negative decimal, fraction (e.g. 3/10) or percentage (e.g. 30%)`));
  return r;
}

export async function run(reported: string | undefined, audited: string | undefined, o: DeviationOptions): Promise<number> {
  const threshold = parseRatio(o.threshold, "--threshold");
  const groupThreshold = o.groupThreshold !== undefined ? parseRatio(o.groupThreshold, "--group-threshold") : threshold;
  const render = await import("../render/deviation-output.js");
  let flagged: boolean;
  let text: string;
  let html: string | undefined;
  if (o.register !== undefined) {
    if (reported !== undefined) throw usageError(t("--register 与两份结果不能同时使用", "--register cannot be used with two results"));
    const report = await registerMode(o.register, o, threshold, groupThreshold);
    flagged = report.enterprises.some((e) => e.flagged) || report.groups.some((g) => g.group_flagged);
    text = o.format === "json" ? render.registerJson(report) : o.format === "csv" ? render.registerCsv(report) : render.registerTable(report);
    if (o.html !== undefined) html = await render.deviationHtml({ register: report });
  } else {
    if (reported === undefined || audited === undefined) {
      throw usageError(t("用法：stdz deviation <评审结果> <抽查结果>，或 stdz deviation --register 台账.csv", "usage: stdz deviation <reported> <audited>, or stdz deviation --register register.csv"));
    }
    const r = await loadSide(reported, o);
    if (typeof r === "number") return r;
    const a = await loadSide(audited, o);
    if (typeof a === "number") return a;
    const mismatch = pairMismatch(r.result, a.result);
    if (mismatch) throw new CliError(2, [diag(mismatch.kind === "standard" ? "SMP011" : "SMP012", { reported: mismatch.reported, audited: mismatch.audited }, { file: audited })]);
    const dev = compareResults(r.result, a.result, threshold);
    const report: PairReport = { threshold, reported: r.side, audited: a.side, result: r.result, deviation: dev };
    flagged = dev.flagged;
    text = o.format === "json" ? render.pairJson(report) : o.format === "csv" ? render.pairCsv(report) : render.pairTable(report);
    if (o.html !== undefined) html = await render.deviationHtml({ pair: report });
  }
  await emit(text, o.output);
  if (html !== undefined) await writeFileAtomic(o.html!, html);
  return o.failOnFlag && flagged ? 1 : 0;
}

/** A result JSON or a bundle folder (scored); a number is the exit code when a bundle could not be scored. */
async function loadSide(ref: string, o: DeviationOptions): Promise<{ result: ScoreResult; side: DeviationSide } | number> {
  const st = await stat(ref).catch(() => undefined);
  if (!st) throw new CliError(2, [diag("CLI001", { file: ref, reason: t("文件不存在", "no such file") }, { file: ref })]);
  if (st.isDirectory()) {
    const { scoreDir } = await import("./score.js");
    const scored = await scoreDir(ref, { ...(o.standard !== undefined ? { standard: o.standard } : {}), path: o.path });
    if (!scored.result) {
      printDiagnostics(scored.diagnostics);
      if (scored.exitCode === 2) throw new CliError(2, []);
      return scored.exitCode;
    }
    printDiagnostics(scored.diagnostics.filter((d) => d.severity === "error"));
    return { result: scored.result, side: sideOf(scored.result, ref, "bundle") };
  }
  const result = await readResult(ref);
  return { result, side: sideOf(result, ref, "result") };
}

function sideOf(r: ScoreResult, source: string, kind: "bundle" | "result"): DeviationSide {
  return { source, kind, assessment_kind: r.assessment.kind, date: r.assessment.date, score: r.score, grade: r.grade };
}

/** A result JSON validated against schema/result.schema.json; anything else is exit 2 (SMP010). */
async function readResult(file: string): Promise<ScoreResult> {
  const { readResultFile } = await import("../io/result-file.js");
  return readResultFile(file, { parse: "SMP010", shape: "SMP010" });
}

async function registerMode(file: string, o: DeviationOptions, threshold: Rational, groupThreshold: Rational): Promise<RegisterReport> {
  const { scanRegister, printRowDiagnostics } = await import("./sample.js");
  const rows: RegisterDeviationRow<RegisterEnterprise>[] = [];
  let oneScore = 0;
  const scale = BigInt(SCORE_SCALE);
  const scan = await scanRegister(
    file,
    { encoding: o.encoding, delimiter: o.delimiter },
    o.by,
    (r, group) => {
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
    (map) => {
      const missing = [map.index.score === undefined ? "评审得分" : "", map.index.audit_score === undefined ? "抽查得分" : ""].filter((x) => x !== "");
      if (missing.length) throw new CliError(2, [diag("SMP020", { missing: missing.join(t("、", ", ")) }, { file })]);
    },
  );
  printRowDiagnostics(file, scan);
  const extra: Diagnostic[] = [];
  if (oneScore > 0) extra.push(diag("SMP021", { count: oneScore }, { file }));
  printDiagnostics(extra);
  const dev = registerDeviation(rows, threshold, groupThreshold);
  return {
    file,
    by: o.by,
    threshold,
    group_threshold: groupThreshold,
    register: { read: scan.counts.read, accepted: scan.counts.accepted, rejected: scan.counts.rejected, sampled: rows.length, one_score_only: oneScore },
    enterprises: dev.enterprises,
    groups: dev.groups,
  };
}
