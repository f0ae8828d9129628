// Reading the tables a rubric is published in: Word (.docx), Excel (.xlsx) and CSV. Merged
// cells come back filled in and marked (`merged: "down" | "right"`), so core can tell a cell
// continued from above from a new one with the same words.
import { createRequire } from "node:module";
import { extname } from "node:path";
import type ExcelJSNS from "exceljs";
import type JSZipNS from "jszip";
import { InputError, diag } from "../diagnostics.js";
import type { SourceCell, SourceTable } from "../core/import/table.js";
import { parseCsvText } from "./csv-reader.js";
import { DecodeError, ENCODING_LABEL, NotTextError, RegisterDecoder } from "./register-decode.js";
import { readUserFile } from "./text.js";

export type TableKind = "docx" | "xlsx" | "csv";

export interface TableReadOptions {
  /** 1-based table of a Word document; default every table. */
  table?: number;
  /** Worksheet name or 1-based number; default every sheet. */
  sheet?: string;
}

export function tableKind(file: string): TableKind | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === ".docx") return "docx";
  if (ext === ".xlsx" || ext === ".xlsm") return "xlsx";
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv") return "csv";
  return undefined;
}

/** The tables of a file, as `SourceTable`s; throws `InputError` when there is nothing to read. */
export async function readTables(file: string, shown: string, opts: TableReadOptions = {}): Promise<{ tables: SourceTable[]; encoding?: string }> {
  const kind = tableKind(file);
  if (!kind) throw new InputError([diag("IMP005", { file: shown }, { file: shown })]);
  const buf = await readUserFile(file);
  if (kind === "csv") return readCsv(buf, shown);
  if (kind === "docx") return { tables: await readDocx(buf, shown, opts.table) };
  return { tables: await readXlsx(buf, shown, opts.sheet) };
}

const unreadable = (shown: string, reason: string): InputError => new InputError([diag("IMP011", { file: shown, reason }, { file: shown })]);

function readCsv(buf: Buffer, shown: string): { tables: SourceTable[]; encoding: string } {
  const dec = new RegisterDecoder("auto");
  let text: string;
  try {
    text = dec.write(buf) + dec.end();
  } catch (e) {
    if (e instanceof DecodeError) throw unreadable(shown, `${ENCODING_LABEL[e.encoding]}: byte ${e.offset}`);
    if (e instanceof NotTextError) throw unreadable(shown, e.kind === "binary" ? "not a text file" : `an Excel file (${e.kind}) named like a CSV`);
    throw e;
  }
  const records = parseCsvText(text);
  const rows = records.map((r) => r.fields.map((f): SourceCell => ({ text: f })));
  if (rows.length === 0) throw new InputError([diag("IMP001", { file: shown }, { file: shown })]);
  return { tables: [{ place: { kind: "csv" }, rows, rowNumbers: records.map((r) => r.line) }], encoding: ENCODING_LABEL[dec.encoding ?? "utf8"] };
}

const require = createRequire(import.meta.url);

async function readDocx(buf: Buffer, shown: string, only: number | undefined): Promise<SourceTable[]> {
  const JSZip = require("jszip") as typeof JSZipNS;
  let xml: string | undefined;
  try {
    const zip = await JSZip.loadAsync(buf);
    xml = await zip.file("word/document.xml")?.async("string");
  } catch (e) {
    throw unreadable(shown, e instanceof Error ? e.message : String(e));
  }
  if (xml === undefined) throw unreadable(shown, "no word/document.xml");
  const grids = docxTables(xml);
  if (grids.length === 0) throw new InputError([diag("IMP001", { file: shown }, { file: shown })]);
  const tables = grids.map((rows, i): SourceTable => ({ place: { kind: "docx", table: i + 1 }, rows }));
  if (only === undefined) return tables;
  const t = tables[only - 1];
  if (!t) throw new InputError([diag("IMP002", { table: only, count: tables.length }, { file: shown })]);
  return [t];
}

const ENTITY: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITY[e] ?? m;
  });
}
const attr = (attrs: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1];

interface RawCell {
  text: string;
  span: number;
  vmerge: "none" | "restart" | "continue";
}

/**
 * The top-level tables of word/document.xml as grids. `w:gridSpan` repeats a cell to the right,
 * `w:vMerge` continues the cell above; a nested table's text stays in its enclosing cell.
 * OOXML has no DTD or CDATA in document.xml, so a tag scanner is enough.
 */
export function docxTables(xml: string): SourceCell[][][] {
  const tables: SourceCell[][][] = [];
  let depth = 0;
  let rows: SourceCell[][] = [];
  let row: RawCell[] = [];
  let before = 0;
  let cell: RawCell | undefined;
  let inText = false;
  const closeRow = (): void => {
    const out: SourceCell[] = [];
    for (let i = 0; i < before; i++) out.push({ text: "" });
    for (const c of row) {
      const col = out.length;
      let first: SourceCell;
      if (c.vmerge === "continue") {
        const above = rows[rows.length - 1]?.[col];
        first = { text: above?.text ?? "", merged: "down" };
      } else first = { text: c.text.replace(/\n+$/, "").trim() };
      out.push(first);
      for (let k = 1; k < c.span; k++) out.push({ text: first.text, merged: first.merged === "down" ? "down" : "right" });
    }
    rows.push(out);
  };
  for (const m of xml.matchAll(/<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g)) {
    const [, close, name, attrs = "", selfClose, txt] = m;
    if (txt !== undefined) {
      if (inText && cell) cell.text += decodeXml(txt);
      continue;
    }
    if (name === "w:tbl") {
      if (!close) {
        depth++;
        if (depth === 1) rows = [];
      } else {
        if (depth === 1) tables.push(rows);
        depth--;
      }
      continue;
    }
    if (depth === 0) continue;
    const top = depth === 1;
    switch (name) {
      case "w:tr":
        if (!top) break;
        if (!close) {
          row = [];
          before = 0;
        } else closeRow();
        break;
      case "w:gridBefore":
        if (top) before = Number(attr(attrs, "w:val") ?? 0);
        break;
      case "w:tc":
        if (!top) break;
        if (!close) cell = { text: "", span: 1, vmerge: "none" };
        else if (cell) {
          row.push(cell);
          cell = undefined;
        }
        break;
      case "w:gridSpan":
        if (top && cell) cell.span = Math.max(1, Number(attr(attrs, "w:val") ?? 1));
        break;
      case "w:vMerge":
        if (top && cell) cell.vmerge = attr(attrs, "w:val") === "restart" ? "restart" : "continue";
        break;
      case "w:t":
        inText = !close && !selfClose;
        break;
      case "w:tab":
        if (cell && !close) cell.text += " ";
        break;
      case "w:br":
      case "w:cr":
        if (cell && !close) cell.text += "\n";
        break;
      case "w:p":
        if (cell && close) cell.text += "\n";
        break;
    }
  }
  return tables;
}

async function readXlsx(buf: Buffer, shown: string, sheet: string | undefined): Promise<SourceTable[]> {
  const X = require("exceljs") as typeof ExcelJSNS;
  const wb = new X.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable(shown, e instanceof Error ? e.message : String(e));
  }
  let sheets = wb.worksheets;
  if (sheet !== undefined) {
    const byName = sheets.find((s) => s.name === sheet);
    const byNo = /^\d+$/.test(sheet) ? sheets[Number(sheet) - 1] : undefined;
    const ws = byName ?? byNo;
    if (!ws) throw new InputError([diag("IMP003", { sheet, available: sheets.map((s) => s.name).join("、") }, { file: shown })]);
    sheets = [ws];
  }
  const tables = sheets.filter((ws) => ws.rowCount > 0).map((ws): SourceTable => ({ place: { kind: "xlsx", sheet: ws.name }, rows: sheetRows(ws) }));
  if (tables.length === 0) throw new InputError([diag("IMP001", { file: shown }, { file: shown })]);
  return tables;
}

function cellText(v: ExcelJSNS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("result" in v) return cellText(v.result as ExcelJSNS.CellValue);
  if ("text" in v && typeof v.text === "string") return v.text;
  return "";
}

function sheetRows(ws: ExcelJSNS.Worksheet): SourceCell[][] {
  const rows: SourceCell[][] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const out: SourceCell[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = ws.getCell(r, c);
      const master = cell.isMerged ? cell.master : cell;
      const text = cellText(master.value).trim();
      if (master.address === cell.address) out.push({ text });
      else out.push({ text, merged: Number(master.row) < r ? "down" : "right" });
    }
    rows.push(out);
  }
  return rows;
}
