// Register (基础台账) rows: the columns and their aliases, reading each value as Excel users
// write it, and the per-row checks of DESIGN.md "Register". Pure: strings in, data and
// problems out. Streaming, decoding and de-duplication across rows live elsewhere.
import type { Code } from "../codes/index.js";
import { checkCreditCode } from "./credit-code.js";
import { text, type Text } from "./text.js";
import { daysInMonth, formatYmd, fromDayNumber } from "./dates.js";

export type FieldKey =
  | "name"
  | "credit_code"
  | "legal_rep"
  | "employees"
  | "sector"
  | "county"
  | "above_scale"
  | "high_risk"
  | "small_micro"
  | "grade"
  | "score"
  | "cert_no"
  | "issued"
  | "valid_until"
  | "last_self_assessment"
  | "audit_score"
  | "audit_grade"
  | "department"
  | "review_org";

export interface ColumnDef {
  key: FieldKey;
  /** The Chinese header as in DESIGN.md / the seed forms; used when writing outputs. */
  zh: string;
  /** Other headers read as this column (compared after normalizeHeader). */
  aliases: string[];
  required?: boolean;
}

/** The register's columns. DESIGN.md names the first 17; 牵头部门 and 评审单位 are optional extras stdz understands. */
export const COLUMNS: readonly ColumnDef[] = [
  { key: "name", zh: "单位名称", aliases: ["企业名称", "生产经营单位名称", "单位", "企业", "name", "enterprise", "company", "enterprise_name", "company_name"], required: true },
  { key: "credit_code", zh: "统一社会信用代码", aliases: ["社会信用代码", "信用代码", "统一代码", "credit_code", "uscc", "unified_social_credit_code"] },
  { key: "legal_rep", zh: "法定代表人", aliases: ["法人代表", "法人", "法定代表人姓名", "legal_rep", "legal_representative"] },
  { key: "employees", zh: "从业人员数量", aliases: ["从业人员数", "从业人数", "从业人员", "职工人数", "员工人数", "employees", "headcount"] },
  { key: "sector", zh: "所属行业", aliases: ["行业", "行业类别", "行业领域", "所属行业领域", "sector", "industry"], required: true },
  { key: "county", zh: "所属区县", aliases: ["区县", "县(市、区)", "县市区", "所属县(市、区)", "所属县市区", "所在区县", "county", "district"] },
  { key: "above_scale", zh: "规模以上", aliases: ["规模以上企业", "是否规模以上", "是否规模以上企业", "规上企业", "above_scale"] },
  { key: "high_risk", zh: "高危", aliases: ["高危企业", "是否高危", "是否高危企业", "高危行业", "high_risk"] },
  { key: "small_micro", zh: "小微企业", aliases: ["是否小微企业", "小微", "small_micro"] },
  { key: "grade", zh: "达标等级", aliases: ["等级", "标准化等级", "达标级别", "标准化达标等级", "grade", "level"] },
  { key: "score", zh: "评审得分", aliases: ["得分", "评审分数", "评审分", "score", "review_score"] },
  { key: "cert_no", zh: "证书编号", aliases: ["证书号", "证书号码", "cert_no", "certificate_no", "certificate"] },
  { key: "issued", zh: "发证日期", aliases: ["发证时间", "颁证日期", "issued", "issue_date"] },
  { key: "valid_until", zh: "有效期至", aliases: ["有效期", "证书有效期", "有效期截止", "有效期截止日期", "valid_until", "expiry", "expires"] },
  { key: "last_self_assessment", zh: "最近自评日期", aliases: ["自评日期", "最近自评", "最近一次自评日期", "last_self_assessment", "self_assessment"] },
  { key: "audit_score", zh: "抽查得分", aliases: ["抽查分数", "audit_score", "spot_check_score"] },
  { key: "audit_grade", zh: "抽查等级", aliases: ["audit_grade", "spot_check_grade"] },
  { key: "department", zh: "牵头部门", aliases: ["行业主管部门", "主管部门", "监管部门", "牵头单位", "department", "lead_department"] },
  { key: "review_org", zh: "评审单位", aliases: ["评审机构", "review_org", "review_organization"] },
];

export const COLUMN_BY_KEY: Readonly<Record<FieldKey, ColumnDef>> = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<FieldKey, ColumnDef>;

/** Header text as compared: NFKC (full-width → half-width), no spaces, no leading '*', lower case, '-' and ' ' as '_'. */
export function normalizeHeader(h: string): string {
  return h
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .trim()
    .replace(/^[*＊]+/, "")
    .replace(/[*＊]+$/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s\-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/[：:]$/, "");
}

const ALIAS = new Map<string, FieldKey>();
for (const c of COLUMNS) {
  for (const a of [c.zh, c.key, ...c.aliases]) ALIAS.set(normalizeHeader(a), c.key);
}

/** Which column a header names, or undefined for an extra column. "从业人员数量（人）" → employees. */
export function columnForHeader(h: string): FieldKey | undefined {
  const n = normalizeHeader(h);
  const direct = ALIAS.get(n);
  if (direct) return direct;
  // A unit or hint in brackets: 从业人员数量(人), 规模以上(是/否), 评审得分(分).
  const stripped = n.replace(/\([^()]*\)$/, "").replace(/（[^（）]*）$/, "");
  return stripped !== n && stripped !== "" ? ALIAS.get(stripped) : undefined;
}

export interface HeaderMap {
  /** Field index (0-based) of each known column present. */
  index: Partial<Record<FieldKey, number>>;
  /** Field indexes (0-based) of the columns stdz does not interpret, carried to the outputs. */
  extras: number[];
  headers: string[];
  /** Required columns that are missing, by their Chinese name. */
  missing: string[];
  /** A second header naming a column already mapped: [field index, first field index, key]. */
  duplicates: Array<{ column: number; first: number; key: FieldKey }>;
}

export function mapHeader(headers: readonly string[]): HeaderMap {
  const index: Partial<Record<FieldKey, number>> = {};
  const extras: number[] = [];
  const duplicates: HeaderMap["duplicates"] = [];
  headers.forEach((h, i) => {
    const key = columnForHeader(h);
    if (key === undefined) extras.push(i);
    else if (index[key] !== undefined) {
      duplicates.push({ column: i, first: index[key]!, key });
      extras.push(i);
    } else index[key] = i;
  });
  const missing = COLUMNS.filter((c) => c.required && index[c.key] === undefined).map((c) => c.zh);
  return { index, extras, headers: [...headers], missing, duplicates };
}

// ---------------------------------------------------------------------------------------
// Values

export type Grade = "一级" | "二级" | "三级" | "小微达标" | "未达标";
/** Grades that count as 达标, in the 达标名单's order. */
export const QUALIFYING: readonly Grade[] = ["一级", "二级", "三级", "小微达标"];
export const GRADE_RANK: Readonly<Record<Grade, number>> = { 一级: 0, 二级: 1, 三级: 2, 小微达标: 3, 未达标: 4 };

export function isQualified(g: Grade | undefined): boolean {
  return g !== undefined && g !== "未达标";
}

/** Cells that mean "nothing here" in optional value columns: 空白, -, —, /, 无. */
const BLANK_MARKS = new Set(["", "-", "—", "–", "－", "/", "／", "无", "\\"]);

export function isBlankMark(v: string): boolean {
  return BLANK_MARKS.has(v);
}

const GRADE_WORDS = new Map<string, Grade>();
for (const [g, words] of [
  ["一级", ["一级", "1级", "I级", "一", "1", "I", "壹级", "一级企业", "一级达标", "安全生产标准化一级"]],
  ["二级", ["二级", "2级", "II级", "二", "2", "II", "贰级", "二级企业", "二级达标", "安全生产标准化二级"]],
  ["三级", ["三级", "3级", "III级", "三", "3", "III", "叁级", "三级企业", "三级达标", "安全生产标准化三级"]],
  ["小微达标", ["小微达标", "小微", "小微企业达标", "小微企业", "达标", "达标(小微)", "小微企业(达标)"]],
  ["未达标", ["未达标", "不达标", "未定级", "未评级", "不合格"]],
] as const) {
  for (const w of words) GRADE_WORDS.set(w, g);
}

/** 一级/二级/三级/小微达标/未达标 and variants (1级, Ⅰ级, 一级达标 …); undefined for blank, null when unreadable. */
export function parseGrade(raw: string): Grade | undefined | null {
  const v = raw.trim();
  const fast = GRADE_WORDS.get(v);
  if (fast) return fast;
  if (isBlankMark(v)) return undefined;
  // Ⅰ → I, １ → 1, full-width brackets → ASCII; no spaces; upper case Latin.
  const n = v.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
  return GRADE_WORDS.get(n) ?? GRADE_WORDS.get(n.replace(/^标准化/, "")) ?? null;
}

const YES = new Set(["是", "y", "yes", "true", "1", "√", "✓", "t", "是的", "有"]);
const NO = new Set(["否", "n", "no", "false", "0", "×", "✗", "f", "不是", "无"]);

/** 是/否, Y/N, true/false, 1/0 (any case); undefined for blank, null when unreadable. */
export function parseYesNo(raw: string): boolean | undefined | null {
  const v = raw.trim();
  if (v === "是") return true;
  if (v === "否") return false;
  if (v === "") return undefined;
  const n = v.normalize("NFKC").toLowerCase();
  if (YES.has(n)) return true;
  if (NO.has(n)) return false;
  if (n === "-" || n === "/" || n === "—") return undefined;
  return null;
}

/** A non-negative integer (1,234 and 120.0 accepted); undefined for blank, null otherwise. */
export function parseEmployees(raw: string): number | undefined | null {
  const v = raw.trim();
  if (/^\d{1,15}$/.test(v)) return Number(v);
  if (isBlankMark(v)) return undefined;
  const n = v.normalize("NFKC").replace(/人$/, "").trim();
  if (/^\d{1,15}$/.test(n)) return Number(n);
  if (/^\d{1,3}(,\d{3})+$/.test(n)) return Number(n.replace(/,/g, ""));
  if (/^\d{1,15}\.0*$/.test(n)) return Number(n.replace(/\..*$/, ""));
  return null;
}

/**
 * A score on the 100-point scale, exact: `micro` is the value × 1 000 000 truncated (exact
 * for up to 6 decimals, and comparisons with thresholds of up to 6 decimals stay exact).
 */
export interface Score {
  text: string;
  micro: number;
}

export const SCORE_SCALE = 1_000_000;

/** "87.5" → {text: "87.5", micro: 87 500 000}. Optional trailing 分. undefined for blank, null when not a number in 0..100. */
export function parseScore(raw: string): Score | undefined | null {
  const fast = fastScore(raw);
  if (fast >= 0) return { text: raw, micro: fast };
  let v = raw.trim();
  if (isBlankMark(v)) return undefined;
  let m = /^(\d{1,3})(?:\.(\d+))?$/.exec(v);
  if (!m) {
    v = v.normalize("NFKC").replace(/分$/, "").trim();
    m = /^\+?(\d+)(?:\.(\d*))?$/.exec(v);
    if (!m) return null;
  }
  const int = m[1]!.replace(/^0+(?=\d)/, "");
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (int.length > 3) return null;
  const micro = Number(int) * SCORE_SCALE + Number((frac + "000000").slice(0, 6));
  if (micro > 100 * SCORE_SCALE || (Number(int) === 100 && /[1-9]/.test(frac))) return null;
  return { text: frac ? `${int}.${frac}` : int, micro };
}

/**
 * Micro units of a score already written in canonical form — "87", "87.5", "100", "0.25": no
 * sign, no leading zero, no trailing zero after the point, at most 6 decimals, at most 100 —
 * else −1 (and parseScore takes the general path).
 */
function fastScore(v: string): number {
  const n = v.length;
  if (n === 0 || n > 10) return -1;
  let int = 0;
  let i = 0;
  for (; i < n; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (i === 1 && int === 0) return -1; // leading zero
    int = int * 10 + d;
  }
  if (i === 0 || i > 3 || int > 100) return -1;
  if (i === n) return int * SCORE_SCALE;
  if (v.charCodeAt(i) !== 0x2e || n - i - 1 > 6 || n - i - 1 === 0 || v.charCodeAt(n - 1) === 0x30) return -1;
  let frac = 0;
  for (let k = i + 1; k < n; k++) {
    const d = v.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    frac = frac * 10 + d;
  }
  for (let k = n - i - 1; k < 6; k++) frac *= 10;
  const micro = int * SCORE_SCALE + frac;
  return micro > 100 * SCORE_SCALE ? -1 : micro;
}

/** Parse a threshold such as "90" or "72.5" (at most 6 decimals) to micro units. */
export function scoreMicro(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return undefined;
  const micro = Number(m[1]) * SCORE_SCALE + Number(((m[2] ?? "") + "000000").slice(0, 6));
  return micro <= 100 * SCORE_SCALE ? micro : undefined;
}

export function microText(micro: number): string {
  const int = Math.floor(micro / SCORE_SCALE);
  const frac = String(micro % SCORE_SCALE).padStart(6, "0").replace(/0+$/, "");
  return frac ? `${int}.${frac}` : String(int);
}

/** YYYY-MM-DD naming a real day, checked without allocating. */
function isIsoDate(v: string): boolean {
  if (v.charCodeAt(4) !== 0x2d || v.charCodeAt(7) !== 0x2d) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    y = y * 10 + d;
  }
  const m1 = v.charCodeAt(5) - 48;
  const m2 = v.charCodeAt(6) - 48;
  const d1 = v.charCodeAt(8) - 48;
  const d2 = v.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Excel serial numbers accepted as dates: 1950-01-01 … 2099-12-31 (1900 date system). */
export const EXCEL_SERIAL_MIN = 18264;
export const EXCEL_SERIAL_MAX = 73050;

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return formatYmd({ y, m, d });
}

/**
 * 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 20240630, an optional time after the day,
 * or an Excel serial number (45473 = 2024-06-30). ISO text out; undefined for blank, null when unreadable.
 */
export function parseDateCell(raw: string): string | undefined | null {
  const v = raw.length === 10 ? raw : raw.trim();
  if (v.length === 10 && isIsoDate(v)) return v;
  if (isBlankMark(v)) return undefined;
  const n = v.normalize("NFKC").replace(/\s+/g, " ");
  let m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(n);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(n);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(n);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{5})(?:\.\d+)?$/.exec(n);
  if (m) {
    const serial = Number(m[1]);
    if (serial < EXCEL_SERIAL_MIN || serial > EXCEL_SERIAL_MAX) return null;
    // Serial 25569 is 1970-01-01; every serial above 60 is off by Excel's phantom 1900-02-29.
    return formatYmd(fromDayNumber(serial - 25569));
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Certificate numbers (2014 rules)

export const CERT_SECTOR_CODES = ["KS", "SY", "XK", "CJ", "DZ", "WH", "HG", "YY", "YH", "YJ", "YS", "JC", "JX", "QG", "FZ", "YC", "SM"] as const;
const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼黔滇蜀秦陇";
const CERT_RE = /^(.?)AQB([A-Z]{2})([ⅠⅡⅢ])(\d{4})(\d{5})$/;
const LEVEL_OF: Record<string, Grade> = { Ⅰ: "一级", Ⅱ: "二级", Ⅲ: "三级" };

export type CertCheck = { ok: true; level: Grade } | { ok: false; detail: Text };

/** Check a certificate number against the 2014 format: [province] AQB + sector code + Ⅰ/Ⅱ/Ⅲ + year + 5 digits. */
const LEVEL_OK: Record<string, CertCheck> = { Ⅰ: { ok: true, level: "一级" }, Ⅱ: { ok: true, level: "二级" }, Ⅲ: { ok: true, level: "三级" } };
const SECTOR_CODE_SET = new Set<string>(CERT_SECTOR_CODES);

/** The common well-formed case, checked without a regular expression; undefined to take the full check. */
function fastCert(cert: string): CertCheck | undefined {
  const n = cert.length;
  const p = n === 15 ? 0 : n === 16 ? 1 : -1; // "AQB" position: 一级 has no province
  if (p < 0 || cert.charCodeAt(p) !== 0x41 || cert.charCodeAt(p + 1) !== 0x51 || cert.charCodeAt(p + 2) !== 0x42) return undefined;
  const level = cert[p + 5]!;
  if (!(level in LEVEL_OK) || (level === "Ⅰ") !== (p === 0) || (p === 1 && !PROVINCES.includes(cert[0]!))) return undefined;
  if (!SECTOR_CODE_SET.has(cert.slice(p + 3, p + 5))) return undefined;
  let year = 0;
  for (let k = p + 6; k < n; k++) {
    const d = cert.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return undefined;
    if (k < p + 10) year = year * 10 + d;
  }
  return year >= 2014 && year <= 2099 ? LEVEL_OK[level] : undefined;
}

export function checkCertNo(cert: string): CertCheck {
  const fast = fastCert(cert);
  if (fast) return fast;
  const m = CERT_RE.exec(cert);
  if (!m) {
    if (!cert.includes("AQB")) return { ok: false, detail: text("缺少 “AQB”", "no 'AQB'") };
    if (/[IVX]{1,3}\d{9}$/.test(cert)) return { ok: false, detail: text("等级应写作罗马数字 Ⅰ/Ⅱ/Ⅲ（全角字符）", "the level must be the Roman numeral character Ⅰ/Ⅱ/Ⅲ") };
    return { ok: false, detail: text("结构不符", "wrong structure") };
  }
  const [, prov, sector, level, year] = m as unknown as [string, string, string, string, string];
  if (!(CERT_SECTOR_CODES as readonly string[]).includes(sector))
    return { ok: false, detail: text(`行业代码 ${sector} 不在 2014 年代码表中`, `sector code ${sector} is not in the 2014 list`) };
  if (level === "Ⅰ" && prov !== "") return { ok: false, detail: text("一级证书不带省份简称", "一级 certificates carry no province") };
  if (level !== "Ⅰ" && (prov === "" || !PROVINCES.includes(prov)))
    return { ok: false, detail: text("二级、三级证书应以省份简称开头", "二级/三级 certificates start with the province abbreviation") };
  const y = Number(year);
  if (y < 2014 || y > 2099) return { ok: false, detail: text(`年份 ${year} 不合理`, `implausible year ${year}`) };
  return { ok: true, level: LEVEL_OF[level]! };
}

// ---------------------------------------------------------------------------------------
// Rows

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

const CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CODE_CHARSET.length; i++) CODE_VALUE[CODE_CHARSET.charCodeAt(i)] = i;
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** True when `code` is a valid credit code (the fast path; checkCreditCode explains failures). */
export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? CODE_VALUE[c]! : -1;
    if (v < 0) return false;
    sum += v * CODE_WEIGHTS[i]!;
  }
  const r = 31 - (sum % 31);
  return code.charCodeAt(17) === CODE_CHARSET.charCodeAt(r === 31 ? 0 : r);
}

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

function creditDetail(value: string, c: { reason: "length"; length: number } | { reason: "character"; position: number; char: string }): { detail: Text } {
  if (/^\d(\.\d+)?e\+\d+$/i.test(value))
    return {
      detail: text(
        "被 Excel 转成了科学计数法，请把该列设为“文本”格式后重新导出",
        "was turned into a number in scientific notation by Excel; format the column as Text and export again",
      ),
    };
  if (c.reason === "length") return { detail: text(`应为 18 位，实际 ${c.length} 位`, `must have 18 characters, not ${c.length}`) };
  const lower = /[a-z]/.test(c.char);
  return {
    detail: text(
      `第 ${c.position} 位 “${c.char}” 不是允许的字符${lower ? "（字母须大写）" : "（不使用 I、O、Z、S、V）"}`,
      `character ${c.position} '${c.char}' is not allowed${lower ? " (letters must be upper case)" : " (I, O, Z, S, V are not used)"}`,
    ),
  };
}
