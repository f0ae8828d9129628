// A small exporter for tests: a standard as the table it would be published in (类目 / 项目 /
// 序号 / 考评内容 / 标准分值 / 考评办法 / 评分方式, 小计 after each category, 合计 at the end),
// written as .docx (docx, vertically merged category and project cells), .xlsx (exceljs,
// merged cells) and CSV (UTF-8 or GBK, merged cells left empty below the first).
import { createRequire } from "node:module";
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType } from "docx";
import ExcelJS from "exceljs";
import { parseCell } from "../../src/core/import/clauses.js";
import { Rational } from "../../src/core/lib/rational.js";
import type { Deduction, Element, Item, Standard } from "../../src/core/standard/model.js";
import { csvLines } from "../../src/render/formats/csv.js";

export const HEADER = ["类目", "项目", "序号", "考评内容", "标准分值", "考评办法", "评分方式"];
const MERGED_COLUMNS = [0, 1];

export interface TableRowData {
  cells: string[];
  /** 小计/合计: the label spans the first four columns. */
  sum?: boolean;
}

const same = (a: Rational | undefined, b: Rational | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && a.eq(b));

/**
 * The clause as the table states it: the deduction's text when the parser reads exactly the
 * deduction from it, else the text with its figures stated after it, as authors do.
 */
export function clauseFor(d: Deduction, item: Item, enclosing: { category?: string; project?: string } = {}): string {
  const alone = parseCell(d.text, item.points);
  const p = alone.deductions[0];
  const zeroed = p?.zeroes === "category" ? enclosing.category : p?.zeroes === "project" ? (enclosing.project ?? enclosing.category) : undefined;
  const exact =
    alone.deductions.length === 1 &&
    alone.unparsed.length === 0 &&
    p !== undefined &&
    p.points.eq(d.points) &&
    same(p.max, d.max) &&
    same(p.element_points, d.element_points) &&
    zeroed === d.zeroes;
  if (exact) return d.text;
  if (d.zeroes) throw new Error(`${item.id} ${d.id}: the exporter states a zeroing only through its own words`);
  const figures = [`扣${d.points.toString()}分`];
  if (d.max) figures.push(`最多扣${d.max.toString()}分`);
  if (d.element_points) figures.push(`追加扣除${d.element_points.toString()}分`);
  return `${d.text}（${figures.join("，")}）`;
}

function clauseCell(item: Item, enclosing: { category: string; project?: string }): string {
  const lines = item.deductions.map((d) => clauseFor(d, item, enclosing));
  if (item.exhausted_penalty) lines.push(`扣满${item.points.toString()}分的，追加扣除${item.exhausted_penalty.toString()}分`);
  if (item.veto === "all") lines.push("否决项");
  else if (item.veto) lines.push(`${item.veto.blocks.join("、")}否决项`);
  return lines.join("\n");
}

function sumOf(e: Element): Rational {
  return Rational.sum([...e.items.map((i) => i.points), ...e.elements.map(sumOf)]);
}

/** The rows of the published table of a standard two element levels deep. */
export function standardTable(std: Standard): TableRowData[] {
  const rows: TableRowData[] = [{ cells: HEADER }];
  const itemRow = (cat: Element, proj: Element | undefined, i: Item): TableRowData => ({
    cells: [
      `${cat.id} ${cat.title}`,
      proj ? `${proj.id} ${proj.title}` : "",
      i.id,
      i.title,
      i.points.toString(),
      i.method ?? "",
      clauseCell(i, proj ? { category: cat.id, project: proj.id } : { category: cat.id }),
    ],
  });
  for (const cat of std.elements) {
    for (const i of cat.items) rows.push(itemRow(cat, undefined, i));
    for (const proj of cat.elements) {
      if (proj.elements.length) throw new Error(`${proj.id}: the table has two element levels`);
      for (const i of proj.items) rows.push(itemRow(cat, proj, i));
    }
    rows.push({ cells: ["小计", "", "", "", sumOf(cat).toString(), "", ""], sum: true });
  }
  rows.push({ cells: ["合计", "", "", "", std.total.toString(), "", ""], sum: true });
  return rows;
}

/**
 * For each row and merged column: 0 = own cell, 1 = first of a merge, 2 = continued. A column
 * merges rows that agree in it and in every merged column to its left.
 */
function mergeMarks(rows: TableRowData[], merged: readonly number[] = MERGED_COLUMNS): number[][] {
  return rows.map((r, i) =>
    r.cells.map((c, col) => {
      if (!merged.includes(col) || r.sum || i === 0 || !c) return 0;
      const prev = rows[i - 1]!;
      const next = rows[i + 1];
      const sameAs = (o: TableRowData | undefined): boolean => !!o && !o.sum && merged.filter((k) => k <= col).every((k) => o.cells[k] === r.cells[k]);
      if (sameAs(prev) && i > 1) return 2;
      return sameAs(next) ? 1 : 0;
    }),
  );
}

export async function tableDocx(rows: TableRowData[], opts: { intro?: string; merged?: number[]; coverTable?: boolean } = {}): Promise<Buffer> {
  const marks = mergeMarks(rows, opts.merged);
  const intro = opts.intro ?? "评分表";
  const para = (s: string) => s.split("\n").map((line) => new Paragraph({ children: [new TextRun(line)] }));
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (r, i) =>
        new TableRow({
          tableHeader: i === 0,
          children: r.sum
            ? [
                new TableCell({ columnSpan: 4, children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(r.cells[0]!)] })] }),
                ...r.cells.slice(4).map((c) => new TableCell({ children: para(c) })),
              ]
            : r.cells.map((c, col) => {
                const m = marks[i]![col]!;
                if (m === 2) return new TableCell({ verticalMerge: VerticalMergeType.CONTINUE, children: [new Paragraph("")] });
                return new TableCell({ ...(m === 1 ? { verticalMerge: VerticalMergeType.RESTART } : {}), children: para(c) });
              }),
        }),
    ),
  });
  // A cover table (企业名称、评审日期) before the rubric, as documents have: it has no rubric header.
  const cover = new Table({
    rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph("企业名称")] }), new TableCell({ children: [new Paragraph("")] })] })],
  });
  const children = [
    new Paragraph({ children: [new TextRun({ text: intro, bold: true })] }),
    ...(opts.coverTable ? [cover, new Paragraph("")] : []),
    table,
    new Paragraph(""),
  ];
  const doc = new Document({ sections: [{ children }] });
  return Packer.toBuffer(doc);
}

export async function tableXlsx(rows: TableRowData[], opts: { sheet?: string; merged?: number[] } = {}): Promise<Buffer> {
  const sheet = opts.sheet ?? "评分表";
  const merged = opts.merged ?? MERGED_COLUMNS;
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("说明").addRow(["本工作簿的第二张表是评分表"]);
  const ws = wb.addWorksheet(sheet);
  const marks = mergeMarks(rows, merged);
  rows.forEach((r, i) => {
    ws.addRow(r.cells.map((c, col) => (col === 4 && i > 0 && /^\d+(\.\d+)?$/.test(c) ? Number(c) : c)));
  });
  for (const col of merged) {
    for (let i = 0; i < rows.length; i++) {
      if (marks[i]![col] !== 1) continue;
      let j = i;
      while (marks[j + 1]?.[col] === 2) j++;
      ws.mergeCells(i + 1, col + 1, j + 1, col + 1);
    }
  }
  rows.forEach((r, i) => {
    if (r.sum) ws.mergeCells(i + 1, 1, i + 1, 4);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const require = createRequire(import.meta.url);
export function tableCsv(rows: TableRowData[], encoding: "utf8" | "gbk", merged?: number[]): Buffer {
  const marks = mergeMarks(rows, merged);
  const text = csvLines(rows.map((r, i) => r.cells.map((c, col) => (marks[i]![col] === 2 ? "" : c))));
  if (encoding === "utf8") return Buffer.from(text, "utf8");
  const iconv = require("iconv-lite") as { encode(s: string, enc: string): Buffer };
  return iconv.encode(text, "gbk");
}
