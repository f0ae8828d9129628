// Register rows: the per-row checks of DESIGN.md "Register". Pure: strings in, data and
// problems out. Streaming, decoding and de-duplication across rows live elsewhere.
import { findInvisible, visibleForm } from "../lib/invisible.js";
import type { Code } from "../../codes/index.js";
import { checkCreditCode, creditCodeProblem, isValidCreditCode, type CreditCodeCheck } from "../lib/credit-code.js";
import { checkCertNo } from "./certificate.js";
import { COLUMN_BY_KEY, type FieldKey, type HeaderMap } from "./columns.js";
import {
  type Grade,
  SCORE_SCALE,
  type Score,
  isBlankMark,
  microText,
  parseDateCell,
  parseEmployees,
  parseGrade,
  parseScore,
  parseYesNo,
  scoreMicro,
} from "./values.js";
import type { Text } from "../lib/text.js";
/** 达标情况表 categories: above scale wins over high risk (an enterprise both counts as 规模以上 only). */
export const CATEGORIES = ["规模以上企业", "高危企业", "其他生产经营单位"] as const;
export type Category = (typeof CATEGORIES)[number];
/** 达标情况表 columns; 其他 holds 小微达标 (qualified without a level). */
export const TABLE_COLUMNS = ["一级", "二级", "三级", "其他"] as const;
export const UNSET_COUNTY = "未填";

export function categoryIndex(aboveScale: boolean | undefined, highRisk: boolean | undefined): 0 | 1 | 2 {
  return aboveScale ? 0 : highRisk ? 1 : 2;
}

/** Column of the 达标情况表 a grade counts in, or -1 (未达标, blank). */
export function tableColumn(g: Grade | undefined): -1 | 0 | 1 | 2 | 3 {
  return g === "一级" ? 0 : g === "二级" ? 1 : g === "三级" ? 2 : g === "小微达标" ? 3 : -1;
}

/** One accepted register row, values read. Text fields are trimmed. */
export interface RegisterRow {
  /** Data record ordinal, header excluded, 1-based. */
  row: number;
  /** Physical line where the record starts (the header is line 1 when it is the first line). */
  line: number;
  name: string;
  credit_code: string;
  legal_rep: string;
  employees: number | undefined;
  sector: string;
  /** 未填 when the cell was empty. */
  county: string;
  above_scale: boolean | undefined;
  high_risk: boolean | undefined;
  small_micro: boolean | undefined;
  grade: Grade | undefined;
  score: Score | undefined;
  cert_no: string;
  issued: string | undefined;
  valid_until: string | undefined;
  last_self_assessment: string | undefined;
  audit_score: Score | undefined;
  audit_grade: Grade | undefined;
  /** From a 牵头部门 column when the register has one (else the sector table decides). */
  department: string;
  review_org: string;
}

export interface RowProblem {
  code: Code;
  /** 1-based field index in the record (0 when the problem is the whole row). */
  column: number;
  args: Record<string, unknown>;
  /** true: the row is rejected. */
  reject: boolean;
}

/** Score thresholds (micro units) per grade, for "a score that contradicts the grade" and downgrade checks. */
export type Thresholds = Readonly<Record<"一级" | "二级" | "三级" | "小微达标", number>>;

export const DEFAULT_THRESHOLDS: Thresholds = { 一级: 90 * SCORE_SCALE, 二级: 75 * SCORE_SCALE, 三级: 60 * SCORE_SCALE, 小微达标: 60 * SCORE_SCALE };

/** "90,75,60" (一级, 二级, 三级; 小微达标 takes the 三级 value) or four values with 小微达标's last. */
export function parseThresholds(text: string): Thresholds | undefined {
  const parts = text.split(/[,，\s]+/).filter((p) => p !== "");
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  const v = parts.map(scoreMicro);
  if (v.some((x) => x === undefined)) return undefined;
  const [a, b, c, d] = v as number[];
  if (!(a! >= b! && b! >= c!)) return undefined;
  return { 一级: a!, 二级: b!, 三级: c!, 小微达标: d ?? c! };
}

const CELL = (fields: readonly string[], i: number | undefined): string => (i === undefined ? "" : (fields[i] ?? ""));

/** Per-row state of readRow: the problems found so far (allocated on the first one). */
class RowCheck {
  problems: RowProblem[] | undefined;
  rejected = false;
  constructor(
    readonly fields: readonly string[],
    readonly map: HeaderMap,
  ) {}
  col(k: FieldKey): number {
    return (this.map.index[k] ?? -1) + 1;
  }
  add(code: Code, column: number, args: Record<string, unknown>, reject: boolean): void {
    (this.problems ??= []).push({ code, column, args, reject });
    if (reject) this.rejected = true;
  }
  columnName(k: FieldKey): string {
    const i = this.map.index[k];
    return (i === undefined ? undefined : this.map.headers[i]) || COLUMN_BY_KEY[k].zh;
  }
  cell(k: FieldKey): string {
    const i = this.map.index[k];
    return i === undefined ? "" : (this.fields[i] ?? "");
  }
  yesNo(k: FieldKey): boolean | undefined {
    const t = this.cell(k);
    if (t === "") return undefined;
    const v = parseYesNo(t);
    if (v === null) this.add("REG021", this.col(k), { column_name: this.columnName(k), value: t.trim() }, true);
    return v ?? undefined;
  }
  grade(k: "grade" | "audit_grade"): Grade | undefined {
    const t = this.cell(k);
    if (t === "") return undefined;
    const g = parseGrade(t);
    if (g === null) this.add("REG019", this.col(k), { column_name: this.columnName(k), value: t.trim() }, true);
    return g ?? undefined;
  }
  score(k: "score" | "audit_score"): Score | undefined {
    const t = this.cell(k);
    if (t === "") return undefined;
    const s = parseScore(t);
    if (s === null) this.add("REG018", this.col(k), { column_name: this.columnName(k), value: t.trim() }, true);
    return s ?? undefined;
  }
  date(k: "issued" | "valid_until" | "last_self_assessment"): string | undefined {
    const t = this.cell(k);
    if (t === "") return undefined;
    const d = parseDateCell(t);
    if (d === null) this.add("REG020", this.col(k), { column_name: this.columnName(k), value: t.trim() }, true);
    return d ?? undefined;
  }
}

const NO_PROBLEMS: RowProblem[] = [];

/**
 * Read and check one record against the header. Returns the row (undefined when a problem
 * rejects it) and every problem found, so that the user can fix them all in one go.
 * Duplicate credit codes and names are the caller's (they need state across rows).
 */
export function readRow(
  fields: readonly string[],
  map: HeaderMap,
  where: { row: number; line: number },
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): { row: RegisterRow | undefined; problems: RowProblem[] } {
  const rc = new RowCheck(fields, map);
  const ix = map.index;
  const header = map.headers.length;

  if (fields.length > header) {
    let extra = -1;
    for (let i = header; i < fields.length; i++) if (fields[i]!.trim() !== "") extra = i;
    if (extra >= 0) rc.add("REG005", extra + 1, { count: fields.length, header }, true);
  } else if (fields.length < header) rc.add("REG006", fields.length + 1, { count: fields.length, header }, false);

  const name = CELL(fields, ix.name).trim();
  if (name === "") rc.add("REG010", rc.col("name"), {}, true);
  const sector = CELL(fields, ix.sector).trim();
  if (sector === "") rc.add("REG011", rc.col("sector"), {}, true);
  for (const [k, v] of [
    ["name", name],
    ["credit_code", CELL(fields, ix.credit_code)],
  ] as const) {
    const hit = findInvisible(v);
    if (hit)
      rc.add(
        "REG080",
        rc.col(k),
        { field: rc.columnName(k), value: visibleForm(v.trim()), code_point: hit.codePoint, char_name: hit.name, index: hit.index },
        false,
      );
  }

  let credit = CELL(fields, ix.credit_code).trim();
  // ="9135…": how some systems export a code so that Excel keeps it as text.
  if (credit.length > 3 && credit.charCodeAt(0) === 0x3d && credit.charCodeAt(1) === 0x22 && credit.endsWith('"')) credit = credit.slice(2, -1).trim();
  if (credit === "") {
    if (ix.credit_code !== undefined) rc.add("REG014", rc.col("credit_code"), {}, false);
  } else if (!isValidCreditCode(credit)) {
    const c = checkCreditCode(credit);
    if (!c.ok) {
      if (c.reason === "check") rc.add("REG013", rc.col("credit_code"), { value: credit, expected: c.expected, actual: c.actual }, true);
      else rc.add("REG012", rc.col("credit_code"), { value: credit, ...creditDetail(credit, c) }, true);
    }
  }

  const empText = rc.cell("employees");
  const employees = empText === "" ? undefined : parseEmployees(empText);
  if (employees === null) rc.add("REG017", rc.col("employees"), { value: empText.trim() }, true);

  const above_scale = rc.yesNo("above_scale");
  const high_risk = rc.yesNo("high_risk");
  const small_micro = rc.yesNo("small_micro");
  const grade = rc.grade("grade");
  const audit_grade = rc.grade("audit_grade");
  const score = rc.score("score");
  const audit_score = rc.score("audit_score");
  const issued = rc.date("issued");
  const valid_until = rc.date("valid_until");
  const last_self_assessment = rc.date("last_self_assessment");

  // Warnings.
  let cert_no = rc.cell("cert_no");
  if (cert_no !== "") {
    cert_no = cert_no.trim();
    if (isBlankMark(cert_no)) cert_no = "";
  }
  if (cert_no !== "") {
    const c = checkCertNo(cert_no);
    if (!c.ok) rc.add("REG030", rc.col("cert_no"), { value: cert_no, detail: c.detail }, false);
    else if (grade !== undefined && c.level !== grade) rc.add("REG033", rc.col("cert_no"), { value: cert_no, cert_level: c.level, grade }, false);
  }
  if (grade !== undefined && grade !== "未达标" && score !== undefined && score.micro < thresholds[grade]) {
    rc.add("REG031", rc.col("score"), { column_name: rc.columnName("score"), score: score.text, grade, threshold: microText(thresholds[grade]) }, false);
  }
  if (issued !== undefined && valid_until !== undefined && valid_until < issued) rc.add("REG034", rc.col("valid_until"), { valid_until, issued }, false);
  let county = CELL(fields, ix.county).trim();
  if (county === "") {
    if (ix.county !== undefined) rc.add("REG032", rc.col("county"), {}, false);
    county = UNSET_COUNTY;
  }

  const problems = rc.problems ?? NO_PROBLEMS;
  if (rc.rejected) return { row: undefined, problems };
  return {
    row: {
      row: where.row,
      line: where.line,
      name,
      credit_code: credit,
      legal_rep: ix.legal_rep === undefined ? "" : CELL(fields, ix.legal_rep).trim(),
      employees: employees ?? undefined,
      sector,
      county,
      above_scale,
      high_risk,
      small_micro,
      grade,
      score,
      cert_no,
      issued,
      valid_until,
      last_self_assessment,
      audit_score,
      audit_grade,
      department: ix.department === undefined ? "" : CELL(fields, ix.department).trim(),
      review_org: ix.review_org === undefined ? "" : CELL(fields, ix.review_org).trim(),
    },
    problems,
  };
}

/** REG012's detail in both languages (the row processor picks one). */
function creditDetail(value: string, c: Exclude<CreditCodeCheck, { ok: true }>): { detail: Text } {
  const w = creditCodeProblem(value, c);
  return { detail: w };
}
