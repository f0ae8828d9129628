// XLSX workbooks, one sheet per table, streamed with ExcelJS's WorkbookWriter so that a large
// 达标名单 never sits in memory as cells. ExcelJS is loaded only when a workbook is written.
// Text stays text (credit codes are never turned into numbers); counts are numbers; rates
// are numbers shown as percentages.

import { createRequire } from "node:module";

export type XCell = string | number | null | undefined;

export interface SheetSpec {
  name: string;
  /** Rows before the data: titles and (possibly two-row) headers, written in bold. */
  head: XCell[][];
  /** Merged ranges within the head, A1 style ("A1:P1"). */
  merges?: string[];
  /** Column widths in characters. */
  widths?: number[];
  /** Per-column number format of the data rows, e.g. "0.0%". */
  formats?: Array<string | undefined>;
  rows: Iterable<XCell[]> | AsyncIterable<XCell[]>;
}

/** Excel's limit is 1 048 576 rows per sheet; longer tables continue on "name (2)", … */
export const MAX_SHEET_ROWS = 1_048_576;

interface WorksheetLike {
  columns: Array<{ width?: number; style?: object }>;
  views: object[];
  addRow(values: unknown[]): { font: object; alignment: object; commit(): void; getCell(i: number): { numFmt: string } };
  mergeCells(range: string): void;
  commit(): void;
}

interface WorkbookWriterLike {
  addWorksheet(name: string, opts?: object): WorksheetLike;
  commit(): Promise<void>;
}

function sheetName(base: string, part: number): string {
  // Excel: at most 31 characters, none of : \ / ? * [ ]
  const clean = base.replace(/[:\\/?*[\]]/g, "_");
  const suffix = part > 1 ? ` (${part})` : "";
  return clean.slice(0, 31 - suffix.length) + suffix;
}

/** Write the sheets, in order, as one workbook to `out` (which the writer ends). */
export async function writeWorkbook(out: NodeJS.WritableStream, sheets: readonly SheetSpec[], meta: { creator?: string; title?: string } = {}): Promise<void> {
  // ExcelJS is CommonJS and large: required here, at run time, rather than bundled.
  const ExcelJS = createRequire(import.meta.url)("exceljs") as { stream: { xlsx: { WorkbookWriter: new (o: object) => WorkbookWriterLike } } };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  Object.assign(wb, { creator: meta.creator ?? "stdz", title: meta.title ?? "" });

  for (const spec of sheets) {
    let part = 1;
    let ws = open(wb, spec, part);
    let rowsInSheet = spec.head.length;
    for await (const r of spec.rows as AsyncIterable<XCell[]>) {
      if (rowsInSheet >= MAX_SHEET_ROWS) {
        ws.commit();
        ws = open(wb, spec, ++part);
        rowsInSheet = spec.head.length;
      }
      const row = ws.addRow(r.map((v) => (v === undefined ? null : v)));
      if (spec.formats) {
        spec.formats.forEach((f, i) => {
          if (f && typeof r[i] === "number") row.getCell(i + 1).numFmt = f;
        });
      }
      row.commit();
      rowsInSheet++;
    }
    ws.commit();
  }
  await wb.commit();
}

function open(wb: WorkbookWriterLike, spec: SheetSpec, part: number): WorksheetLike {
  const ws = wb.addWorksheet(sheetName(spec.name, part), { views: [{ state: "frozen", ySplit: spec.head.length }] });
  if (spec.widths) ws.columns = spec.widths.map((w) => ({ width: w }));
  // Merge before committing: a committed row can no longer be changed.
  const head = spec.head.map((h) => {
    const row = ws.addRow(h.map((v) => (v === undefined ? null : v)));
    row.font = { bold: true };
    row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    return row;
  });
  for (const m of spec.merges ?? []) ws.mergeCells(m);
  for (const row of head) row.commit();
  return ws;
}

/** A1 column letters for a 1-based column number. */
export function columnLetter(n: number): string {
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
