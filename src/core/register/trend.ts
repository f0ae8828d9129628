// 达标趋势: the 达标率 at every milestone date up to --as-of (and at month ends with --trend
// monthly), overall and per county, by the one rule of qualified.ts applied at each date. The
// denominator is the register's 应达标企业数, the same at every date.
import { monthEnds } from "../lib/dates.js";
import type { Rational } from "../lib/rational.js";
import { rate, type AggregateResult, type Group } from "./aggregate.js";
import { milestonesFor, milestoneStatus, type Milestone, type MilestoneStatus, type Targets } from "./targets.js";

export type TrendMode = "milestones" | "monthly";

export interface TrendPoint {
  date: string;
  /** Why this date is in the series (a date can be several). */
  milestone: boolean;
  monthEnd: boolean;
  asOf: boolean;
  enterprises: number;
  qualified: number;
  rate: Rational;
  /** The milestone in force on this date (the latest dated on or before it). */
  target?: MilestoneStatus;
}

export interface TrendSeries {
  dimension: "total" | "county";
  name: string;
  /** The milestones that apply to this series (its own scope, else the general ones), for the step line. */
  milestones: Milestone[];
  points: TrendPoint[];
}

/** The first month of the monthly series: the earlier of the earliest 发证日期 and the first milestone. */
function monthlyStart(agg: AggregateResult, targets: Targets): string | undefined {
  const firsts = [agg.spans.total.earliest(), targets.milestones[0]?.by, ...targets.scopes.map((s) => s.milestones[0]?.by)].filter(
    (d): d is string => d !== undefined,
  );
  return firsts.length ? firsts.reduce((a, b) => (b < a ? b : a)) : undefined;
}

function series(
  dimension: "total" | "county",
  g: Group,
  milestones: Milestone[],
  counts: (dates: string[]) => number[],
  months: string[],
  asOf: string,
): TrendSeries {
  const dates = new Set<string>(months);
  for (const m of milestones) if (m.by <= asOf) dates.add(m.by);
  dates.add(asOf);
  const sorted = [...dates].sort();
  const milestoneDates = new Set(milestones.map((m) => m.by));
  const monthSet = new Set(months);
  const qualified = counts(sorted);
  const points = sorted.map((date, i): TrendPoint => {
    const q = qualified[i]!;
    const p: TrendPoint = {
      date,
      milestone: milestoneDates.has(date),
      monthEnd: monthSet.has(date),
      asOf: date === asOf,
      enterprises: g.enterprises,
      qualified: q,
      rate: rate({ enterprises: g.enterprises, qualified: q }),
    };
    let inForce: Milestone | undefined;
    for (const m of milestones) if (m.by <= date) inForce = m;
    if (inForce) p.target = milestoneStatus(inForce, g.enterprises, q);
    return p;
  });
  return { dimension, name: g.name, milestones, points };
}

/** The trend overall, then per county (in the counties' order). */
export function trendSeries(agg: AggregateResult, targets: Targets, asOf: string, mode: TrendMode): TrendSeries[] {
  const start = mode === "monthly" ? monthlyStart(agg, targets) : undefined;
  const months = start !== undefined && start <= asOf ? monthEnds(start, asOf) : [];
  const out = [series("total", agg.total, milestonesFor(targets, "total", agg.total.name), (d) => agg.spans.total.at(d), months, asOf)];
  for (const g of agg.counties) out.push(series("county", g, milestonesFor(targets, "county", g.name), (d) => agg.spans.county(g.name).at(d), months, asOf));
  return out;
}
