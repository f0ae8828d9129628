// Register values read as Excel users write them: grades, 是/否, counts, scores, dates.
import { daysInMonth, formatYmd, fromDayNumber } from "../lib/dates.js";

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
  const frac = String(micro % SCORE_SCALE)
    .padStart(6, "0")
    .replace(/0+$/, "");
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
