// Calendar dates as ISO strings (YYYY-MM-DD): no time zones, no Date arithmetic surprises.

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Parse a real calendar date in ISO form; undefined for 2023-02-30 and anything not YYYY-MM-DD. */
export function parseIsoDate(s: string): Ymd | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return { y, m: mo, d };
}

export function formatYmd({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The same day `months` months earlier (or later for negative), clamped to the month's last day. */
export function addMonths(date: Ymd, months: number): Ymd {
  const total = date.y * 12 + (date.m - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return { y, m, d: Math.min(date.d, daysInMonth(y, m)) };
}

/** ISO strings of real dates compare correctly as strings. */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Days from 1970-01-01 (proleptic Gregorian). */
export function toDayNumber({ y, m, d }: Ymd): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function fromDayNumber(n: number): Ymd {
  const dt = new Date(n * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** 2024-06-30 → 2024年6月30日 */
export function chineseDate(iso: string): string {
  const p = parseIsoDate(iso);
  return p ? `${p.y}年${p.m}月${p.d}日` : iso;
}

/**
 * The same day `years` years later, clamped to the month's last day: 2024-02-29 + 3 years is
 * 2027-02-28 (a certificate never outlives its third anniversary month).
 */
export function addYears(date: Ymd, years: number): Ymd {
  return addMonths(date, years * 12);
}

/** The last day of the date's month: 2024-02-10 → 2024-02-29. */
export function monthEnd(date: Ymd): Ymd {
  return { y: date.y, m: date.m, d: daysInMonth(date.y, date.m) };
}

/** Month ends from `from`'s month through the last month end on or before `to` (ISO dates). */
export function monthEnds(from: string, to: string): string[] {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) return [];
  const out: string[] = [];
  for (let m = monthEnd(a); ; m = monthEnd(addMonths({ y: m.y, m: m.m, d: 1 }, 1))) {
    const iso = formatYmd(m);
    if (iso > to) break;
    out.push(iso);
  }
  return out;
}

/**
 * The day an Excel serial names (1900 date system; 1904 when `date1904`), time of day
 * dropped. Excel counts a 1900-02-29 that never was (serial 60): serials from 61 on are one
 * day ahead of a plain count from 1899-12-31, and 60 itself is no day (undefined).
 */
export function excelSerialDay(serial: number, date1904 = false): Ymd | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const whole = Math.floor(serial);
  if (date1904) return whole < 0 ? undefined : fromDayNumber(whole - 24107);
  if (whole < 1 || whole === 60) return undefined;
  return fromDayNumber(whole < 60 ? whole - 25568 : whole - 25569);
}
