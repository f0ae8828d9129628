// stdz batch's workbook (汇总.xlsx): the tables as sheets, the long lists streamed back from the staged CSVs.
import type { RateRow } from "../../core/register/aggregate.js";
import type { AggregateResult } from "../../core/register/aggregate.js";
import { chineseDate } from "../../core/lib/dates.js";
import { CATEGORIES, TABLE_COLUMNS } from "../../core/register/row.js";
import type { ColumnType, SheetSpec } from "../formats/xlsx.js";
import { columnLetter } from "../formats/xlsx.js";
import { RATE_HEADER, rateTableRows, situationRows, TREND_HEADER, trendRows } from "./tables.js";
import type { TrendSeries } from "../../core/register/trend.js";

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
  const asOf = chineseDate(w.asOf);
  const h1: string[] = ["区县"];
  const h2: string[] = [""];
  for (const c of CATEGORIES) {
    h1.push(c, "", "", "", "");
    h2.push(...TABLE_COLUMNS, "合计");
  }
  h1.push("总计");
  h2.push("");
  const merges = ["A1:A2", `${last}1:${last}2`];
  CATEGORIES.forEach((_, i) => merges.push(`${columnLetter(2 + i * 5)}1:${columnLetter(6 + i * 5)}1`));

  const rateRowsX = w.rates.map((r) => {
    const cells = rateTableRows([r])[0]!;
    // The rate as a ratio shown with a percent format; the other cells typed by column.
    return [cells[0]!, cells[1]!, r.enterprises, r.rejectedCounted, r.qualified, r.rate.toNumber(), ...cells.slice(6)];
  });
  const rateHead: string[] = [...RATE_HEADER];
  rateHead[5] = "达标率";
  rateHead[7] = "当前目标";
  rateHead[12] = "下一目标";
  // Title rows say the date, and where rates are shown the denominator rule (the CSVs carry both as columns).
  const dated = (name: string, rule = false) => [`${name}（截至 ${asOf}）`, ...(rule ? [`应达标企业数口径：${w.denominator}`] : [])];
  // Every row of the lists starts with the 统计日期 column.
  const listTypes: ColumnType[] = ["date", "text", "text", "text", "text", "text", "text", "text", "date", "date"];
  const trendSheets: SheetSpec[] = [];
  if (w.trend) {
    const rows = trendRows(w.trend);
    const trendHead: string[] = [...TREND_HEADER];
    trendHead[6] = "达标率";
    trendHead[8] = "当时目标";
    const points = w.trend.flatMap((t) => t.points);
    trendSheets.push({
      name: "达标趋势",
      titles: dated("达标率趋势", true),
      head: [trendHead],
      types: ["date", "text", "text", "text", "integer", "integer", "percent", "date", "percent100", "integer", "text", "integer"],
      rows: rows.map((cells, i) => [...cells.slice(0, 6), points[i]!.rate.toNumber(), ...cells.slice(7)]),
    });
  }

  return [
    {
      name: "达标情况表",
      titles: ["生产经营单位安全生产标准化达标情况表", `（截至 ${asOf}，累计完成数量，家）`],
      head: [h1, h2],
      merges,
      types: Array<ColumnType>(width)
        .fill("integer")
        .map((t, i) => (i === 0 ? "text" : t)),
      rows: situationRows(w.agg),
    },
    {
      name: "达标率",
      titles: dated("达标率", true),
      head: [rateHead],
      types: ["text", "text", "integer", "integer", "integer", "percent", "date", "percent100", "integer", "text", "integer", "date", "percent100", "integer"],
      rows: rateRowsX,
    },
    ...trendSheets,
    { name: "达标名单", titles: dated("达标名单"), head: [w.listHeader], types: listTypes, rows: w.list },
    {
      name: "动态管理",
      titles: dated("动态管理"),
      head: [],
      headerFromRows: true,
      // 统计日期, DYNAMIC_HEADER: … 发证日期, 有效期至, 最近自评日期, 评审得分, 抽查得分, 抽查等级, 台账行号
      types: ["date", ...Array<ColumnType>(9).fill("text"), "date", "date", "date", "number", "number", "text", "integer"],
      rows: w.dynamic,
    },
    // 拒收记录: 统计日期, then 行号 and 物理行 as numbers; the register's own cells stay as they were.
    { name: "拒收记录", titles: dated("拒收记录"), head: [], headerFromRows: true, types: ["date", "integer", "integer"], rows: w.rejects },
  ];
}
