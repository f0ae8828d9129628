// 达标 on a date (DESIGN.md "Register", "At a date"): the one rule behind 达标名单, 达标情况表,
// 达标率, the milestones and the trend. A row is 达标 at D when its grade qualifies, its
// 发证日期 (when given) is on or before D and its certificate is valid on D: 有效期至, or
// 发证日期 + 3 years when 有效期至 is empty, is on or after D. Dates are ISO strings, which
// compare as dates.
import { addYears, formatYmd, parseIsoDate } from "../lib/dates.js";
import { isQualified, type Grade } from "./values.js";

/** A certificate lasts 3 years (DESIGN.md "Dynamic management"). */
export const CERTIFICATE_YEARS = 3;

type Dated = { grade: Grade | undefined; issued: string | undefined; valid_until: string | undefined };

/** The last day a certificate is valid: 有效期至, else 发证日期 + 3 years (2024-02-29 → 2027-02-28). */
export function certificateExpiry(row: Pick<Dated, "issued" | "valid_until">): { date: string; derived: boolean } | undefined {
  if (row.valid_until) return { date: row.valid_until, derived: false };
  if (!row.issued) return undefined;
  return { date: formatYmd(addYears(parseIsoDate(row.issued)!, CERTIFICATE_YEARS)), derived: true };
}

/** The days a row is 达标: from (inclusive, absent = always before) to (inclusive, absent = no end); undefined when its grade does not qualify. */
export interface QualifiedSpan {
  from?: string;
  to?: string;
}

export function qualifiedSpan(row: Dated): QualifiedSpan | undefined {
  if (!isQualified(row.grade)) return undefined;
  const span: QualifiedSpan = {};
  if (row.issued) span.from = row.issued;
  const exp = certificateExpiry(row);
  if (exp) span.to = exp.date;
  return span;
}

/** Where a row stands on D: 达标, or why not. */
export type Standing = "qualified" | "grade" | "not-yet-issued" | "expired";

export function spanStanding(span: QualifiedSpan | undefined, asOf: string): Standing {
  if (!span) return "grade";
  if (span.from !== undefined && span.from > asOf) return "not-yet-issued";
  if (span.to !== undefined && span.to < asOf) return "expired";
  return "qualified";
}

export function standingAt(row: Dated, asOf: string): Standing {
  return spanStanding(qualifiedSpan(row), asOf);
}

/** The rule itself: 达标 at `asOf`. */
export function qualifiedAt(row: Dated, asOf: string): boolean {
  return standingAt(row, asOf) === "qualified";
}

/** An ISO date as the number YYYYMMDD: orders as the date does, and keys a Map without hashing a string. */
function dayKey(iso: string): number {
  const digit = (i: number) => iso.charCodeAt(i) - 48;
  const year = ((digit(0) * 10 + digit(1)) * 10 + digit(2)) * 10 + digit(3);
  return year * 10000 + (digit(5) * 10 + digit(6)) * 100 + digit(8) * 10 + digit(9);
}

/**
 * Counts of 达标 rows at any date, from their spans, in memory that grows with the distinct
 * dates, never the rows: qualified(D) = rows started on or before D − rows ended before D.
 */
export class SpanCounter {
  private readonly starts = new Map<number, number>();
  private readonly ends = new Map<number, number>();
  private open = 0;

  add(span: QualifiedSpan): void {
    // A certificate that ends before it starts is never 达标.
    if (span.from !== undefined && span.to !== undefined && span.to < span.from) return;
    if (span.from === undefined) this.open++;
    else {
      const k = dayKey(span.from);
      this.starts.set(k, (this.starts.get(k) ?? 0) + 1);
    }
    if (span.to !== undefined) {
      const k = dayKey(span.to);
      this.ends.set(k, (this.ends.get(k) ?? 0) + 1);
    }
  }

  /** The earliest 发证日期 seen. */
  earliest(): string | undefined {
    let min: number | undefined;
    for (const d of this.starts.keys()) if (min === undefined || d < min) min = d;
    if (min === undefined) return undefined;
    const ymd = String(min).padStart(8, "0");
    return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}`;
  }

  /** 达标 rows at each date (ISO, any order). */
  at(dates: readonly string[]): number[] {
    return dates.map((iso) => {
      const d = dayKey(iso);
      let n = this.open;
      for (const [s, k] of this.starts) if (s <= d) n += k;
      for (const [e, k] of this.ends) if (e < d) n -= k;
      return n;
    });
  }
}
