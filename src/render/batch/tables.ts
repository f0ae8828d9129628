// Batch's table layouts: headers and localised cells of the CSV, XLSX and HTML outputs
// (core hands over the counts; the wording of the tables is chosen here).
import { rateShown, tableTotals, type AggregateResult, type Group, type RateRow } from "../../core/register/aggregate.js";
import { percentExact } from "../../core/lib/percent.js";
import { CATEGORIES, TABLE_COLUMNS } from "../../core/register/row.js";
import type { Denominator } from "../../core/register/process.js";
import type { TrendSeries } from "../../core/register/trend.js";

/** Output file names: part of the contract, Chinese whatever --lang says (docs/batch.md lists them). */
export const OUTPUT_FILES = {
  list: "达标名单.csv",
  situation: "达标情况表.csv",
  rates: "达标率.csv",
  trend: "达标趋势.csv",
  dynamic: "动态管理.csv",
  rejects: "拒收记录.csv",
  warnings: "警告.csv",
  xlsx: "汇总.xlsx",
  html: "汇总.html",
  summary: "汇总.json",
} as const;

/** First column of every CSV: the day the figures are computed at (--as-of). */
export const AS_OF_COLUMN = "统计日期";

/** Rejects and warnings name the same things the same way; rejects then carry the register's own columns. */
export const REJECT_HEADER = ["行号", "物理行", "列", "代码", "说明"] as const;
export const WARNING_HEADER = [...REJECT_HEADER, "单位名称"] as const;

/** The 应达标企业数 rule, as every output names it. */
export const DENOMINATOR_LABEL: Record<Denominator, { zh: string; en: string }> = {
  all: { zh: "全部行（拒收行按未达标计，后出现的重复行除外）", en: "all rows (rejected rows count as not 达标, except later duplicates)" },
  accepted: { zh: "仅接收的行（--denominator accepted）", en: "accepted rows only (--denominator accepted)" },
};

/** `header`/`rows` with leading columns of constant values (统计日期, 口径). */
export function withLeading(
  lead: ReadonlyArray<readonly [string, string]>,
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): [string[], Array<Array<string | number>>] {
  const names = lead.map(([n]) => n);
  const values = lead.map(([, v]) => v);
  return [[...names, ...header], rows.map((r) => [...values, ...r])];
}

/** Columns of the 达标名单 (the register's own names, so the list reads back as a register), then the extra columns. */
export const LIST_HEADER = ["所属区县", "所属行业", "牵头部门", "单位名称", "统一社会信用代码", "达标等级", "证书编号", "发证日期", "有效期至"] as const;

/** Columns of 动态管理. */
export const DYNAMIC_HEADER = [
  "问题",
  "说明",
  "所属区县",
  "所属行业",
  "牵头部门",
  "单位名称",
  "统一社会信用代码",
  "达标等级",
  "证书编号",
  "发证日期",
  "有效期至",
  "最近自评日期",
  "评审得分",
  "抽查得分",
  "抽查等级",
  "台账行号",
] as const;

/** Label of the whole-register row in the 达标情况表. */
export const ALL_LABEL = "合计";

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
  "应达标企业数",
  "其中拒收行",
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

const pctExact = percentExact;

export function rateTableRows(rows: readonly RateRow[]): Array<Array<string | number>> {
  return rows.map((r) => {
    const c = r.target?.current;
    const n = r.target?.next;
    return [
      DIMENSION_LABEL[r.dimension],
      r.name,
      r.enterprises,
      r.rejectedCounted,
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

export const TREND_HEADER = [
  "日期",
  "日期类型",
  "维度",
  "名称",
  "应达标企业数",
  "达标数",
  "达标率(%)",
  "当时目标日期",
  "当时目标(%)",
  "当时目标应达标数",
  "是否达到",
  "尚需达标数",
] as const;

/** Why a trend date is listed: 里程碑, 月末, 统计日期 (joined with / when several). */
export function trendKind(p: { milestone: boolean; monthEnd: boolean; asOf: boolean }): string {
  return [p.milestone ? "里程碑" : "", p.monthEnd ? "月末" : "", p.asOf ? "统计日期" : ""].filter((x) => x !== "").join("/");
}

/** 达标趋势 rows: each series' points in date order, the total first. */
export function trendRows(series: readonly TrendSeries[]): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  for (const s of series) {
    for (const p of s.points) {
      const c = p.target;
      out.push([
        p.date,
        trendKind(p),
        DIMENSION_LABEL[s.dimension],
        s.name,
        p.enterprises,
        p.qualified,
        rateShown({ rate: p.rate, ...(c ? { target: { current: c } } : {}) }),
        c?.by ?? "",
        c ? pctExact(c.rate) : "",
        c ? c.required : "",
        c ? (c.met ? "是" : "否") : "",
        c ? c.gap : "",
      ]);
    }
  }
  return out;
}
