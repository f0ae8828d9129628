// Building blocks for stdz's Word documents: the docx library (loaded on first use), fonts
// Word on Windows has, A4 page, tables with repeated header rows, labels in the report's language.
import { createRequire } from "node:module";
import type * as Docx from "docx";
import type * as DocxCharts from "docx/charts";
import { chineseDate, parseIsoDate } from "../../core/lib/dates.js";
import { shiftRound } from "../formats/chart.js";
import { label, type LabelLang } from "./report-labels.js";
import type { ReportModel } from "./report-model.js";

export type DocxLib = typeof Docx;
export type ChartsLib = typeof DocxCharts;

// Loaded on first use: most runs never write Word files, and the library is large.
let lib: { docx: DocxLib; charts: ChartsLib } | undefined;
export function load(): { docx: DocxLib; charts: ChartsLib } {
  const req = createRequire(import.meta.url);
  return (lib ??= { docx: req("docx") as DocxLib, charts: req("docx/charts") as ChartsLib });
}

// 宋体 for text and 黑体 for headings are on every Chinese Windows; the Latin fonts and
// the fallbacks in the theme cover other systems (LibreOffice maps them to Noto CJK).
export const BODY = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体", cs: "Times New Roman" };
export const HEAD = { ascii: "Arial", hAnsi: "Arial", eastAsia: "黑体", cs: "Arial" };
export const DASH = "—";
/** A4 in twentieths of a point, and 2.5 cm / 2 cm margins. */
export const A4 = { width: 11906, height: 16838 };
export const MARGIN = { top: 1418, bottom: 1418, left: 1418, right: 1134 };

export interface Ctx {
  d: DocxLib;
  lang: LabelLang;
  model: ReportModel;
}

export const L = (c: Ctx, key: string): string => label(key, c.lang) ?? key;
export const T = (c: Ctx, zh: string, en: string): string => (c.lang === "en" ? en : zh);

export function fmt(v: number | null | undefined, digits?: number): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return DASH;
  return digits === undefined ? String(v) : shiftRound(v, 0, digits);
}

export function localDate(c: Ctx, iso: string | undefined): string {
  if (!iso) return DASH;
  return c.lang === "en" && parseIsoDate(iso) ? iso : chineseDate(iso);
}

export function fileSize(x: number | undefined): string {
  if (x === undefined) return DASH;
  if (x < 1024) return `${x} B`;
  if (x < 1024 * 1024) return `${shiftRound(x / 1024, 0, 1)} KB`;
  return `${shiftRound(x / 1024 / 1024, 0, 1)} MB`;
}

export function text(c: Ctx, s: string, o: { bold?: boolean; size?: number; head?: boolean; colour?: string } = {}): Docx.TextRun {
  return new c.d.TextRun({
    text: s,
    ...(o.bold ? { bold: true } : {}),
    ...(o.size ? { size: o.size } : {}),
    ...(o.colour ? { color: o.colour } : {}),
    font: o.head ? HEAD : BODY,
  });
}

export function para(
  c: Ctx,
  s: string | Docx.TextRun[],
  o: { align?: "left" | "center" | "right"; bold?: boolean; size?: number; after?: number; head?: boolean; keep?: boolean } = {},
): Docx.Paragraph {
  const runs = typeof s === "string" ? [text(c, s, o)] : s;
  const align = o.align === "center" ? c.d.AlignmentType.CENTER : o.align === "right" ? c.d.AlignmentType.RIGHT : undefined;
  return new c.d.Paragraph({
    children: runs,
    ...(align ? { alignment: align } : {}),
    ...(o.keep ? { keepNext: true } : {}),
    spacing: { after: o.after ?? 80 },
  });
}

export function heading(c: Ctx, s: string, level: 1 | 2 | 3): Docx.Paragraph {
  const hl = level === 1 ? c.d.HeadingLevel.HEADING_1 : level === 2 ? c.d.HeadingLevel.HEADING_2 : c.d.HeadingLevel.HEADING_3;
  return new c.d.Paragraph({ heading: hl, children: [text(c, s, { head: true })], spacing: { before: 240, after: 120 }, keepNext: true });
}

export function caption(c: Ctx, s: string): Docx.Paragraph {
  return new c.d.Paragraph({
    children: [text(c, s, { head: true, size: 20 })],
    alignment: c.d.AlignmentType.CENTER,
    spacing: { before: 120, after: 60 },
    keepNext: true,
  });
}

export type Align = "left" | "center" | "right";
export interface Col {
  title: string;
  /** Share of the table's width, in percent. */
  width: number;
  align?: Align;
}

export interface CellOptions {
  align?: Align;
  bold?: boolean;
  shade?: string;
  span?: number;
  width?: number;
  size?: number;
  /** Keep the row with the next one (a group heading is never left alone at a page's foot). */
  keep?: boolean;
}

export function cell(c: Ctx, s: string, o: CellOptions = {}): Docx.TableCell {
  return new c.d.TableCell({
    children: s.split("\n").map((line) =>
      para(c, [text(c, line, { ...(o.bold ? { bold: true } : {}), size: o.size ?? 19 })], {
        align: o.align ?? "left",
        after: 0,
        ...(o.keep ? { keep: true } : {}),
      }),
    ),
    ...(o.span ? { columnSpan: o.span } : {}),
    ...(o.width !== undefined ? { width: { size: o.width, type: c.d.WidthType.PERCENTAGE } } : {}),
    ...(o.shade ? { shading: { fill: o.shade, type: c.d.ShadingType.CLEAR, color: "auto" } } : {}),
    verticalAlign: c.d.VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

/** A table whose header row repeats on every page Word breaks it over. */
export function table(c: Ctx, cols: Col[], rows: Docx.TableRow[]): Docx.Table {
  const head = new c.d.TableRow({
    tableHeader: true,
    cantSplit: true,
    children: cols.map((col) => cell(c, col.title, { align: "center", bold: true, shade: "E7ECF2", width: col.width })),
  });
  const border = { style: c.d.BorderStyle.SINGLE, size: 4, color: "808080" };
  return new c.d.Table({
    rows: [head, ...rows],
    width: { size: 100, type: c.d.WidthType.PERCENTAGE },
    columnWidths: cols.map((col) => Math.round((col.width / 100) * (A4.width - MARGIN.left - MARGIN.right))),
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });
}

export function row(c: Ctx, cells: (string | (CellOptions & { text: string }))[]): Docx.TableRow {
  return new c.d.TableRow({
    cantSplit: true,
    children: cells.map((x) => (typeof x === "string" ? cell(c, x) : cell(c, x.text, x))),
  });
}

export function dedText(c: Ctx, d: { text: string; count: number; note?: string }): string {
  return `${d.text}${d.count > 1 ? `（${d.count} ${L(c, "times")}）` : ""}${d.note ? `：${d.note}` : ""}`;
}

export function footer(c: Ctx): Docx.Footer {
  const d = c.d;
  const children =
    c.lang === "en"
      ? [
          text(c, "Page "),
          new d.TextRun({ children: [d.PageNumber.CURRENT], font: BODY }),
          text(c, " of "),
          new d.TextRun({ children: [d.PageNumber.TOTAL_PAGES], font: BODY }),
        ]
      : [
          text(c, "第 "),
          new d.TextRun({ children: [d.PageNumber.CURRENT], font: BODY }),
          text(c, " 页 共 "),
          new d.TextRun({ children: [d.PageNumber.TOTAL_PAGES], font: BODY }),
          text(c, " 页"),
        ];
  return new d.Footer({ children: [new d.Paragraph({ alignment: d.AlignmentType.CENTER, children })] });
}

/** Render a result as a Word document. */
