// The batch results as the summary JSON data. Pure; the tables are laid out in render/batch.
import { rateRows, tableTotals, type AggregateResult, type Group, type RateRow } from "./aggregate.js";
import { CATEGORIES, TABLE_COLUMNS } from "./row.js";
import type { MilestoneStatus, Targets } from "./targets.js";
import type { DynamicKind } from "./dynamic.js";
import type { Denominator } from "./process.js";
import type { TrendSeries } from "./trend.js";

export interface SummaryInput {
  file: string;
  encoding: string;
  delimiter: string;
  asOf: string;
  read: number;
  accepted: number;
  rejected: number;
  rejectedRows: readonly number[];
  warnings: number;
  qualified: number;
  /** Qualified rows without 发证日期 (counted, not checked against asOf). */
  unchecked: number;
  notYetIssued: number;
  expired: number;
  denominator: Denominator;
  byCode: Record<string, number>;
  dynamic: Record<DynamicKind, number>;
  agg: AggregateResult;
  targets?: { file: string; targets: Targets };
  thresholds: Record<string, string>;
  outputs?: string[];
  trend?: TrendSeries[];
}

function milestoneJson(m: MilestoneStatus | undefined): object | null {
  if (!m) return null;
  return { by: m.by, rate: m.rate.toNumber(), required: m.required, met: m.met, gap: m.gap };
}

function trendJson(t: TrendSeries): object {
  return {
    dimension: t.dimension,
    name: t.name,
    points: t.points.map((p) => ({
      date: p.date,
      enterprises: p.enterprises,
      qualified: p.qualified,
      rate: p.rate.toNumber(),
      target: milestoneJson(p.target),
    })),
  };
}

function tableJson(g: Group): Record<string, unknown> {
  const { perCategory, total } = tableTotals(g.table);
  const out: Record<string, unknown> = {};
  CATEGORIES.forEach((c, i) => {
    const row: Record<string, number> = {};
    TABLE_COLUMNS.forEach((col, j) => (row[col] = g.table[i]![j]!));
    row["合计"] = perCategory[i]!;
    out[c] = row;
  });
  out["总计"] = total;
  return out;
}

/** The summary as JSON-ready data (rates as ratios 0..1, not percentages). */
export function summaryJson(s: SummaryInput): Record<string, unknown> {
  const rows = rateRows(s.agg, s.targets?.targets, s.asOf);
  const byDim = (d: RateRow["dimension"]) =>
    rows
      .filter((r) => r.dimension === d)
      .map((r) => {
        const g = d === "county" ? s.agg.counties.find((x) => x.name === r.name) : undefined;
        const o: Record<string, unknown> = { name: r.name, enterprises: r.enterprises, qualified: r.qualified, rate: r.rate.toNumber() };
        if (g) Object.assign(o, { accepted: g.accepted, rejected_counted: g.rejectedCounted });
        if (g) o.table = tableJson(g);
        if (r.target) o.target = { current: milestoneJson(r.target.current), next: milestoneJson(r.target.next) };
        return o;
      });
  const total = rows[0]!;
  return {
    file: s.file,
    encoding: s.encoding,
    delimiter: s.delimiter === "\t" ? "tab" : s.delimiter,
    as_of: s.asOf,
    read: s.read,
    accepted: s.accepted,
    rejected: s.rejected,
    rejected_rows: s.rejectedRows,
    warnings: s.warnings,
    qualified: s.qualified,
    qualified_unchecked: s.unchecked,
    not_yet_issued: s.notYetIssued,
    expired: s.expired,
    denominator: { rule: s.denominator, enterprises: s.agg.total.enterprises, accepted: s.agg.total.accepted, rejected_counted: s.agg.total.rejectedCounted },
    problems_by_code: s.byCode,
    table: tableJson(s.agg.total),
    total: {
      enterprises: total.enterprises,
      qualified: total.qualified,
      rate: total.rate.toNumber(),
      ...(total.target ? { target: { current: milestoneJson(total.target.current), next: milestoneJson(total.target.next) } } : {}),
    },
    counties: byDim("county"),
    sectors: byDim("sector"),
    departments: byDim("department"),
    targets: s.targets ? { file: s.targets.file, title: s.targets.targets.title ?? null } : null,
    thresholds: s.thresholds,
    dynamic: s.dynamic,
    ...(s.trend ? { trend: s.trend.map(trendJson) } : {}),
    ...(s.outputs ? { outputs: s.outputs } : {}),
  };
}
