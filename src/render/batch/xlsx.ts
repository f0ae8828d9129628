// stdz batch's workbook (汇总.xlsx): the tables as sheets, the long lists streamed back from the staged CSVs.
import type { RateRow } from "../../core/register/aggregate.js";
import type { AggregateResult } from "../../core/register/aggregate.js";
import { chineseDate } from "../../core/lib/dates.js";
import { CATEGORIES, TABLE_COLUMNS } from "../../core/register/row.js";
import type { SheetSpec } from "../formats/xlsx.js";
import { columnLetter } from "../formats/xlsx.js";
import { RATE_HEADER, rateTableRows, situationRows, TREND_HEADER, trendRows } from "./tables.js";
import type { TrendSeries } from "../../core/register/trend.js";

/** A cell written as digits becomes a number cell. */
function numeric(v: string | number): string | number {
  return typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

export interface WorkbookInput {
  asOf: string;
  /** The 应达标企业数 rule, as worded in the outputs. */
  denominator: string;
  agg: AggregateResult;
  rates: readonly RateRow[];
  trend?: readonly TrendSeries[];
  listHeader: string[];
  list: SheetSpec["rows"];
  dynamic: SheetSpec["rows"];
  rejects: SheetSpec["rows"];
}

export function batchSheets(w: WorkbookInput): SheetSpec[] {
  // 达标情况表 in the 附件4 layout: 区县 | 规模以上企业 (一级 二级 三级 其他 合计) | 高危企业 (…) | 其他生产经营单位 (…) | 总计
  const width = 1 + CATEGORIES.length * 5 + 1;
  const last = columnLetter(width);
  const title = ["生产经营单位安全生产标准化达标情况表", ...Array<string>(width - 1).fill("")];
  const sub = [`（截至 ${chineseDate(w.asOf)}，累计完成数量，家）`, ...Array<string>(width - 1).fill("")];
  const h1: string[] = ["区县"];
  const h2: string[] = [""];
  for (const c of CATEGORIES) {
    h1.push(c, "", "", "", "");
    h2.push(...TABLE_COLUMNS, "合计");
  }
  h1.push("总计");
  h2.push("");
  const merges = [`A1:${last}1`, `A2:${last}2`, "A3:A4", `${last}3:${last}4`];
  CATEGORIES.forEach((_, i) => merges.push(`${columnLetter(2 + i * 5)}3:${columnLetter(6 + i * 5)}3`));

  const rateRowsX = w.rates.map((r) => {
    const cells = rateTableRows([r])[0]!;
    // Numbers as numbers; the rate as a ratio shown with a percent format.
    return [...cells.slice(0, 5), r.rate.toNumber(), ...cells.slice(6).map(numeric)];
  });
  const rateHead: string[] = [...RATE_HEADER];
  rateHead[5] = "达标率";
  // Title rows say the date and the denominator rule (the CSVs carry them as columns).
  const dated = (title: string, n: number) => [
    [title, ...Array<string>(n - 1).fill("")],
    [`统计日期：${w.asOf}；应达标企业数口径：${w.denominator}`, ...Array<string>(n - 1).fill("")],
  ];
  const trendSheets: SheetSpec[] = [];
  if (w.trend) {
    const rows = trendRows(w.trend);
    const trendHead: string[] = [...TREND_HEADER];
    trendHead[6] = "达标率";
    const points = w.trend.flatMap((t) => t.points);
    trendSheets.push({
      name: "达标趋势",
      head: [...dated("达标率趋势", trendHead.length), trendHead],
      merges: [`A1:${columnLetter(trendHead.length)}1`, `A2:${columnLetter(trendHead.length)}2`],
      widths: [12, 14, 10, 22, 13, 9, 9, 13, 11, 15, 9, 11],
      formats: [undefined, undefined, undefined, undefined, undefined, undefined, "0.0%"],
      rows: rows.map((cells, i) => [...cells.slice(0, 6), points[i]!.rate.toNumber(), ...cells.slice(7).map(numeric)]),
    });
  }

  return [
    { name: "达标情况表", head: [title, sub, h1, h2], merges, widths: [14, ...Array<number>(width - 1).fill(7)], rows: situationRows(w.agg) },
    {
      name: "达标率",
      head: [...dated("达标率", rateHead.length), rateHead],
      merges: [`A1:${columnLetter(rateHead.length)}1`, `A2:${columnLetter(rateHead.length)}2`],
      widths: [10, 22, 13, 11, 9, 9, 13, 11, 15, 9, 11, 13, 11, 17],
      formats: [undefined, undefined, undefined, undefined, undefined, "0.0%"],
      rows: rateRowsX,
    },
    ...trendSheets,
    { name: "达标名单", head: [w.listHeader], widths: [11, 10, 12, 16, 34, 22, 9, 22, 12, 12], rows: w.list },
    { name: "动态管理", head: [], widths: [11, 14, 44, 10, 12, 16, 34, 22, 9, 22, 12, 12, 12, 9, 9, 9, 9], rows: w.dynamic },
    { name: "拒收记录", head: [], widths: [11, 8, 8, 8, 16, 60], rows: w.rejects },
  ];
}
