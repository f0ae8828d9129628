// XLSX workbooks, one sheet per table, streamed so that a large 达标名单 never sits in memory
// as cells. This module lays the sheets out; an engine writes them: the hand-written one
// (xlsx-package.ts) by default, ExcelJS's streaming writer (xlsx-exceljs.ts) when asked.
//
// Every sheet is ready to print and to work with: A4, landscape when wide, fitted to one page
// wide, its title and header rows repeated on every printed page, thin borders, the header
// frozen and filtered, column widths from the content (CJK counted double). Cells are typed
// by column: dates as dates, counts and scores as numbers, rates as percentages; text stays
// text (credit codes are never turned into numbers, and a text cell is never a formula).

import type { ColumnType, SheetPlan, WorkbookEngine, XCell } from "./xlsx-plan.js";
import { columnLetter } from "./xlsx-plan.js";
import { packageEngine } from "./xlsx-package.js";
import { exceljsEngine } from "./xlsx-exceljs.js";

export type { ColumnType, XCell } from "./xlsx-plan.js";
export { columnLetter } from "./xlsx-plan.js";

/** Which engine writes the workbook: "stdz" (hand-written, default) or "exceljs". */
export type XlsxEngineName = "stdz" | "exceljs";

export interface SheetSpec {
  name: string;
  /** Title lines above the head, each merged across the sheet (repeated on printed pages). */
  titles?: string[];
  /** Rows before the data: titles and (possibly two-row) headers, written in bold. */
  head: XCell[][];
  /** The first of `rows` is the header (tables read back from a CSV): it joins the head. */
  headerFromRows?: boolean;
  /** Merged ranges within the head, A1 style ("A1:P1"), counted from the head's first row (titles not counted). */
  merges?: string[];
  /** Per-column storage of the data rows (default text; numbers given as numbers stay numbers). */
  types?: Array<ColumnType | undefined>;
  rows: Iterable<XCell[]> | AsyncIterable<XCell[]>;
}

/** Excel's limit is 1 048 576 rows per sheet; longer tables continue on "name (2)", … */
export const MAX_SHEET_ROWS = 1_048_576;

/** Data rows measured for the column widths (the writer streams: later rows cannot widen a column). */
const MEASURED_ROWS = 1000;
const MIN_WIDTH = 6;
const MAX_WIDTH = 48;
/** Wider than this (characters) prints landscape. */
const PORTRAIT_WIDTH = 95;

/** A sheet written in several parts (it had more rows than Excel allows in one). */
export interface SheetSplit {
  name: string;
  parts: string[];
  rows: number;
}

function sheetName(base: string, part: number): string {
  // Excel: at most 31 characters, none of : \ / ? * [ ]
  const clean = base.replace(/[:\\/?*[\]]/g, "_");
  const suffix = part > 1 ? ` (${part})` : "";
  return clean.slice(0, 31 - suffix.length) + suffix;
}

/** Display width of a text in character cells: CJK and full-width characters count double. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        c >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A data cell stored as its column says; text that does not fit the type stays text. */
export function typedCell(v: XCell, type: ColumnType | undefined): XCell {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v !== "string" || type === undefined || type === "text") return v;
  const s = v.trim();
  switch (type) {
    case "date": {
      const m = ISO_DATE.exec(s);
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : v;
    }
    case "number":
    case "integer":
    case "percent":
      return DECIMAL.test(s) ? Number(s) : v;
    case "percent100":
      return DECIMAL.test(s) ? Number(s) / 100 : v;
  }
}

/**
 * typedCell over whole rows of one sheet. A date column repeats its values (统计日期 is the same
 * in every row), so each column remembers its last conversion.
 */
function rowTyper(types: ReadonlyArray<ColumnType | undefined>): (row: readonly XCell[]) => XCell[] {
  const lastRaw: XCell[] = [];
  const lastTyped: XCell[] = [];
  return (row) => {
    const out = new Array<XCell>(row.length);
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      const type = types[c];
      if (type === undefined || type === "text" || typeof v !== "string") out[c] = v === undefined || v === "" ? null : v;
      else if (v === lastRaw[c]) out[c] = lastTyped[c];
      else out[c] = lastTyped[c] = typedCell((lastRaw[c] = v), type);
    }
    return out;
  };
}

function cellWidth(v: XCell, type: ColumnType | undefined): number {
  if (v === null || v === undefined) return 0;
  if (v instanceof Date) return 10;
  if (typeof v === "number") return type === "percent" || type === "percent100" ? 7 : String(Math.round(v * 1000) / 1000).length;
  return Math.max(...v.split(/\r?\n/).map(displayWidth));
}

async function* iterate<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* rows as AsyncIterable<T>;
}

export interface WorkbookOptions {
  creator?: string;
  title?: string;
  /** Rows per sheet before it continues on the next (Excel's limit; smaller in tests). */
  maxRows?: number;
  engine?: XlsxEngineName;
}

/**
 * Write the sheets, in order, as one workbook to `out` (which the writer ends). Returns the
 * sheets that had to be split over several (Excel's row limit, or `maxRows` in tests).
 */
export async function writeWorkbook(out: NodeJS.WritableStream, sheets: readonly SheetSpec[], options: WorkbookOptions = {}): Promise<SheetSplit[]> {
  const meta = { creator: options.creator ?? "stdz", title: options.title ?? "" };
  const engine: WorkbookEngine = options.engine === "exceljs" ? exceljsEngine(out, meta) : packageEngine(out, meta);
  const maxRows = options.maxRows ?? MAX_SHEET_ROWS;
  const splits: SheetSplit[] = [];

  for (const spec of sheets) {
    const rows = iterate(spec.rows);
    const head = spec.head.map((h) => [...h]);
    if (spec.headerFromRows) {
      const first = await rows.next();
      if (!first.done) head.push(first.value);
    }
    const typed = rowTyper(spec.types ?? []);
    // The first rows are read ahead to size the columns, then written first.
    const ahead: XCell[][] = [];
    for (let i = 0; i < MEASURED_ROWS; i++) {
      const r = await rows.next();
      if (r.done) break;
      ahead.push(typed(r.value));
    }
    const layout = sheetLayout(spec, head, ahead);
    const headRows = (spec.titles?.length ?? 0) + head.length;
    const names: string[] = [];
    let sheet = await engine.sheet(plan(spec, head, layout, 1, names));
    let rowsInSheet = headRows;
    let written = 0;
    const nextPart = async () => {
      await sheet.close();
      sheet = await engine.sheet(plan(spec, head, layout, names.length + 1, names));
      rowsInSheet = headRows;
    };
    // Synchronous unless the sheet is full or the output is behind: no promise per row.
    const put = (r: XCell[]): Promise<void> | undefined => {
      if (rowsInSheet >= maxRows) return nextPart().then(() => put(r));
      rowsInSheet++;
      written++;
      return sheet.row(r);
    };
    for (const r of ahead) {
      const wait = put(r);
      if (wait) await wait;
    }
    for (;;) {
      const r = await rows.next();
      if (r.done) break;
      const wait = put(typed(r.value));
      if (wait) await wait;
    }
    await sheet.close();
    if (names.length > 1) splits.push({ name: spec.name, parts: names, rows: written });
  }
  await engine.finish();
  return splits;
}

interface Layout {
  widths: number[];
  landscape: boolean;
}

function sheetLayout(spec: SheetSpec, head: XCell[][], ahead: XCell[][]): Layout {
  const width = Math.max(1, ...head.map((h) => h.length), ...ahead.map((r) => r.length));
  const widths: number[] = [];
  const header = head[head.length - 1] ?? [];
  for (let c = 0; c < width; c++) {
    const type = spec.types?.[c];
    let w = cellWidth(header[c], "text");
    for (const r of ahead) w = Math.max(w, cellWidth(r[c], type));
    widths.push(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)));
  }
  return { widths, landscape: widths.reduce((a, b) => a + b, 0) > PORTRAIT_WIDTH };
}

function shift(range: string, by: number): string {
  return range.replace(/([A-Z]+)(\d+)/g, (_, col: string, row: string) => `${col}${Number(row) + by}`);
}

/** Part `part` of a sheet: its name (recorded in `names`), titles, head, merges and layout. */
function plan(spec: SheetSpec, head: XCell[][], layout: Layout, part: number, names: string[]): SheetPlan {
  const name = sheetName(spec.name, part);
  names.push(name);
  const titles = (spec.titles ?? []).map((t, i) =>
    i === 0 && part > 1 ? `${t}（续 ${part}：超过 Excel 单表 ${MAX_SHEET_ROWS.toLocaleString("en-US")} 行上限，接上一工作表）` : t,
  );
  const last = columnLetter(layout.widths.length);
  const merges = layout.widths.length > 1 ? titles.map((_, i) => `A${i + 1}:${last}${i + 1}`) : [];
  for (const m of spec.merges ?? []) merges.push(shift(m, titles.length));
  return { name, titles, head, merges, widths: layout.widths, landscape: layout.landscape, types: spec.types ?? [] };
}
