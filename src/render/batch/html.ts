// stdz batch's HTML summary (汇总.html), from the batch-summary template.
import { basename } from "node:path";
import { t } from "../../i18n.js";
import { rateShown, tableTotals, type AggregateResult, type RateRow } from "../../core/register/aggregate.js";
import { DYNAMIC_KINDS, DYNAMIC_LABEL } from "../../core/register/dynamic.js";
import { CATEGORIES, TABLE_COLUMNS } from "../../core/register/row.js";
import type { Targets } from "../../core/register/targets.js";
import { ALL_LABEL, DENOMINATOR_LABEL, DIMENSION_LABEL, situationRows, TREND_HEADER, trendRows } from "./tables.js";
import type { TrendSeries } from "../../core/register/trend.js";
import { lineChart } from "../formats/chart.js";

export async function batchHtml(
  file: string,
  asOf: string,
  summary: Record<string, unknown>,
  agg: AggregateResult,
  rates: RateRow[],
  targets: Targets | undefined,
  trend?: readonly TrendSeries[],
): Promise<string> {
  const { renderTemplateFile } = await import("../formats/hbs.js");
  const { perCategory, perColumn, total } = tableTotals(agg.total.table);
  const countyRates = rates.filter((r) => r.dimension === "county");
  const current = rates[0]?.target?.current;
  const view = {
    title: t("安全生产标准化达标情况汇总", "Work-safety standardization summary"),
    file: basename(file),
    as_of: asOf,
    summary,
    table: {
      categories: CATEGORIES.map((name, i) => ({ name, cells: agg.total.table[i], total: perCategory[i] })),
      columns: TABLE_COLUMNS,
      column_totals: perColumn,
      total,
    },
    situation: situationRows(agg).map((cells) => ({ name: cells[0], cells })),
    counties: countyRates.map((r) => rateView(r)),
    rate_tables: [
      { dimension: "county", title: t("二、各区县达标率", "2. 达标率 by county"), head: t("区县", "County"), rows: countyRates.map((r) => rateView(r)) },
      {
        dimension: "sector",
        title: t("三、各行业达标率", "3. 达标率 by sector"),
        head: t("行业", "Sector"),
        rows: rates.filter((r) => r.dimension === "sector").map((r) => rateView(r)),
      },
      {
        dimension: "department",
        title: t("四、各牵头部门达标率", "4. 达标率 by lead department"),
        head: t("牵头部门", "Department"),
        rows: rates.filter((r) => r.dimension === "department").map((r) => rateView(r)),
      },
    ],
    total: rateView(rates[0]!),
    targets: targets ? { title: targets.title ?? "", milestones: targets.milestones.map((m) => ({ by: m.by, text: m.text })) } : null,
    threshold: current ? current.rate.toNumber() : null,
    dynamic: DYNAMIC_KINDS.map((k) => ({ kind: k, name: t(DYNAMIC_LABEL[k].zh, DYNAMIC_LABEL[k].en), n: (summary.dynamic as Record<string, number>)[k] })),
    all_label: ALL_LABEL,
    denominator: denominatorView(summary),
    dates: datesView(summary),
    trend: trend ? trendView(trend) : null,
    dimension_labels: DIMENSION_LABEL,
    trend_header: TREND_HEADER,
  };
  return renderTemplateFile("batch-summary", view).text;
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

/** The 应达标企业数 line: how many enterprises, how many of them rejected rows, under which rule. */
function denominatorView(summary: Record<string, unknown>): Record<string, unknown> {
  const d = summary.denominator;
  const o = d !== null && typeof d === "object" ? (d as Record<string, unknown>) : {};
  const rule = o.rule === "accepted" ? "accepted" : "all";
  return {
    enterprises: num(o.enterprises),
    rejected_counted: num(o.rejected_counted),
    rule: t(DENOMINATOR_LABEL[rule].zh, DENOMINATOR_LABEL[rule].en),
    all: rule === "all",
  };
}

function datesView(summary: Record<string, unknown>): Record<string, unknown> {
  return { unchecked: num(summary.qualified_unchecked), expired: num(summary.expired), not_yet_issued: num(summary.not_yet_issued) };
}

/** The overall trend as a line chart against the milestone steps, and the table of every series. */
function trendView(trend: readonly TrendSeries[]): Record<string, unknown> {
  const total = trend[0]!;
  const chart = lineChart(
    total.points.map((p) => ({ date: p.date, value: p.rate.toNumber() })),
    {
      title: t("达标率趋势（合计）", "达标率 over time (total)"),
      steps: total.milestones.map((m) => ({ from: m.by, value: m.rate.toNumber(), label: m.text })),
      lineLabel: t("实际达标率", "actual 达标率"),
      stepLabel: t("目标（里程碑）", "target (milestones)"),
    },
  );
  const rows = trendRows(trend);
  return {
    chart,
    rows: rows.map((cells, i) => ({ cells, total: trend[0]!.points.length > i })),
  };
}

function rateView(r: RateRow): Record<string, unknown> {
  const cur = r.target?.current;
  const nx = r.target?.next;
  return {
    name: r.name,
    enterprises: r.enterprises,
    qualified: r.qualified,
    rate: r.rate.toNumber(),
    pct: rateShown(r),
    current: cur ? { by: cur.by, text: cur.text, required: cur.required, met: cur.met, gap: cur.gap } : null,
    next: nx ? { by: nx.by, text: nx.text, required: nx.required, gap: nx.gap } : null,
  };
}
