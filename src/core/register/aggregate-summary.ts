// The batch results as tables (for CSV / XLSX / HTML) and as the summary JSON. Pure.
import { rateRows, rateShown, tableTotals, type AggregateResult, type Group, type RateRow } from "./aggregate.js";
import { Rational } from "../rational.js";
import { CATEGORIES, TABLE_COLUMNS } from "./row.js";
import type { MilestoneStatus, Targets } from "./targets.js";
import type { DynamicKind } from "./dynamic.js";

/** Label of the whole-register row in the 达标情况表. */
export const ALL_LABEL = "全部";

export const DIMENSION_LABEL: Record<RateRow["dimension"], string> = { total: "合计", county: "区县", sector: "行业", department: "牵头部门" };

/** 达标情况表 columns: 区县, then per category 一级 二级 三级 其他 合计, then 总计. */
export function situationHeader(): string[] {
  const h = ["区县"];
  for (const c of CATEGORIES) {
    for (const g of TABLE_COLUMNS) h.push(`${c}-${g}`);
    h.push(`${c}-合计`);
  }
  h.push("总计");
  return h;
}

export function situationRow(name: string, g: Group): Array<string | number> {
  const { perCategory, total } = tableTotals(g.table);
  const r: Array<string | number> = [name];
  g.table.forEach((row, i) => {
    r.push(...row, perCategory[i]!);
  });
  r.push(total);
  return r;
}

/** The whole register first, then each county. */
export function situationRows(agg: AggregateResult): Array<Array<string | number>> {
  return [situationRow(ALL_LABEL, agg.total), ...agg.counties.map((g) => situationRow(g.name, g))];
}

export const RATE_HEADER = [
  "维度",
  "名称",
  "企业数",
  "达标数",
  "达标率(%)",
  "当前目标日期",
  "当前目标(%)",
  "当前目标应达标数",
  "是否达到",
  "尚需达标数",
  "下一目标日期",
  "下一目标(%)",
  "下一目标尚需达标数",
] as const;

function pctExact(r: Rational): string {
  return r.mul(Rational.of(100)).toString();
}

export function rateTableRows(rows: readonly RateRow[]): Array<Array<string | number>> {
  return rows.map((r) => {
    const c = r.target?.current;
    const n = r.target?.next;
    return [
      DIMENSION_LABEL[r.dimension],
      r.name,
      r.enterprises,
      r.qualified,
      rateShown(r),
      c?.by ?? "",
      c ? pctExact(c.rate) : "",
      c ? c.required : "",
      c ? (c.met ? "是" : "否") : "",
      c ? c.gap : "",
      n?.by ?? "",
      n ? pctExact(n.rate) : "",
      n ? n.gap : "",
    ];
  });
}

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
  byCode: Record<string, number>;
  dynamic: Record<DynamicKind, number>;
  agg: AggregateResult;
  targets?: { file: string; targets: Targets };
  thresholds: Record<string, string>;
  outputs?: string[];
}

function milestoneJson(m: MilestoneStatus | undefined): object | null {
  if (!m) return null;
  return { by: m.by, rate: m.rate.toNumber(), required: m.required, met: m.met, gap: m.gap };
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
    ...(s.outputs ? { outputs: s.outputs } : {}),
  };
}
