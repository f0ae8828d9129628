// Build .xlsx registers for tests as departments keep them: a merged title row above the
// header, dates as date cells, scores and headcounts as numbers, codes as text.
import { createRequire } from "node:module";
import type ExcelJSNS from "exceljs";
import { parseCsvText } from "../../src/io/csv-reader.js";

const ExcelJS = createRequire(import.meta.url)("exceljs") as typeof ExcelJSNS;

export type XValue = string | number | boolean | Date | null;

export interface XlsxRegisterSpec {
  sheet?: string;
  /** Title lines above the header, each merged across the header's width. */
  titles?: string[];
  header: string[];
  rows: XValue[][];
  /** Sheets before the register's (to test --sheet). */
  before?: Array<{ name: string; rows: XValue[][]; hidden?: boolean }>;
}

const DATE_HEADERS = new Set(["发证日期", "有效期至", "最近自评日期"]);
const NUMBER_HEADERS = new Set(["评审得分", "抽查得分", "从业人员数量"]);

/** A CSV cell as Excel would have typed it when the register was kept in Excel. */
export function typed(header: string, v: string): XValue {
  if (v === "") return null;
  if (DATE_HEADERS.has(header) && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  if (NUMBER_HEADERS.has(header) && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

export async function writeXlsxRegister(file: string, spec: XlsxRegisterSpec): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const b of spec.before ?? []) {
    const ws = wb.addWorksheet(b.name, b.hidden ? { state: "hidden" } : {});
    for (const r of b.rows) ws.addRow(r);
  }
  const ws = wb.addWorksheet(spec.sheet ?? "Sheet1");
  const width = spec.header.length;
  for (const title of spec.titles ?? []) {
    const row = ws.addRow([title]);
    ws.mergeCells(row.number, 1, row.number, width);
  }
  ws.addRow(spec.header);
  spec.header.forEach((h, i) => {
    if (DATE_HEADERS.has(h)) ws.getColumn(i + 1).numFmt = "yyyy-mm-dd";
  });
  for (const r of spec.rows) {
    const row = ws.addRow(r);
    r.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = "yyyy-mm-dd";
    });
  }
  await wb.xlsx.writeFile(file);
}

/** A CSV register's header and rows, typed as Excel would keep them. */
export function fromCsv(csvText: string): { header: string[]; rows: XValue[][] } {
  const records = parseCsvText(csvText.replace(/^\uFEFF/, ""));
  const header = records[0]!.fields;
  const rows = records.slice(1).map((r) => r.fields.map((v, i) => typed(header[i] ?? "", v)));
  return { header, rows };
}
