// XLSX workbooks, one sheet per table, streamed with ExcelJS's WorkbookWriter so that a large
// 达标名单 never sits in memory as cells. ExcelJS is loaded only when a workbook is written.
//
// Every sheet is ready to print and to work with: A4, landscape when wide, fitted to one page
// wide, its title and header rows repeated on every printed page, thin borders, the header
// frozen and filtered, column widths from the content (CJK counted double). Cells are typed
// by column: dates as dates, counts and scores as numbers, rates as percentages; text stays
// text (credit codes are never turned into numbers, and a text cell is never a formula).

import { createRequire } from "node:module";

export type XCell = string | number | Date | null | undefined;

/** How a column's data cells are stored: text as given, or converted from their text. */
export type ColumnType = "text" | "number" | "integer" | "date" | "percent" | "percent100";

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

const NUM_FMT: Record<ColumnType, string | undefined> = {
  text: "@",
  number: "0.###",
  integer: "0",
  date: "yyyy-mm-dd",
  percent: "0.0%",
  percent100: "0.0##%",
};

/** A sheet written in several parts (it had more rows than Excel allows in one). */
export interface SheetSplit {
  name: string;
  parts: string[];
  rows: number;
}

type Style = {
  numFmt?: string;
  font?: object;
  alignment?: object;
  border?: object;
  fill?: object;
};

interface CellLike {
  style: Style;
}
interface RowLike {
  height?: number;
  getCell(i: number): CellLike;
  commit(): void;
}
interface WorksheetLike {
  columns: Array<{ width?: number }>;
  addRow(values: unknown[]): RowLike;
  mergeCells(range: string): void;
  commit(): void;
}

interface WorkbookWriterLike {
  addWorksheet(name: string, opts?: object): WorksheetLike;
  commit(): Promise<void>;
}

const THIN = { style: "thin", color: { argb: "FF808080" } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_STYLE: Style = {
  font: { bold: true },
  alignment: { vertical: "middle", horizontal: "center", wrapText: true },
  border: BORDER,
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFEDEDED" } },
};
const TITLE_STYLE: Style = { font: { bold: true, size: 14 }, alignment: { vertical: "middle", horizontal: "center", wrapText: true } };
const SUBTITLE_STYLE: Style = { alignment: { vertical: "middle", horizontal: "center", wrapText: true } };

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

function cellWidth(v: XCell, type: ColumnType | undefined): number {
  if (v === null || v === undefined) return 0;
  if (v instanceof Date) return 10;
  if (typeof v === "number") return type === "percent" || type === "percent100" ? 7 : String(Math.round(v * 1000) / 1000).length;
  return Math.max(...v.split(/\r?\n/).map(displayWidth));
}

async function* iterate<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* rows as AsyncIterable<T>;
}

/**
 * Write the sheets, in order, as one workbook to `out` (which the writer ends). Returns the
 * sheets that had to be split over several (Excel's row limit, or `maxRows` in tests).
 */
export async function writeWorkbook(
  out: NodeJS.WritableStream,
  sheets: readonly SheetSpec[],
  meta: { creator?: string; title?: string; maxRows?: number } = {},
): Promise<SheetSplit[]> {
  // ExcelJS is CommonJS and large: required here, at run time, rather than bundled.
  const ExcelJS = createRequire(import.meta.url)("exceljs") as { stream: { xlsx: { WorkbookWriter: new (o: object) => WorkbookWriterLike } } };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  Object.assign(wb, { creator: meta.creator ?? "stdz", title: meta.title ?? "" });
  const maxRows = meta.maxRows ?? MAX_SHEET_ROWS;
  const splits: SheetSplit[] = [];

  for (const spec of sheets) {
    const rows = iterate(spec.rows);
    const head = spec.head.map((h) => [...h]);
    if (spec.headerFromRows) {
      const first = await rows.next();
      if (!first.done) head.push(first.value);
    }
    // The first rows are read ahead to size the columns, then written first.
    const ahead: XCell[][] = [];
    for (let i = 0; i < MEASURED_ROWS; i++) {
      const r = await rows.next();
      if (r.done) break;
      ahead.push(r.value.map((v, c) => typedCell(v, spec.types?.[c])));
    }
    const layout = sheetLayout(spec, head, ahead);
    const headRows = (spec.titles?.length ?? 0) + head.length;
    const names: string[] = [];
    let part = 1;
    let ws = open(wb, spec, head, layout, part, names);
    let rowsInSheet = headRows;
    let written = 0;
    const put = (r: XCell[]) => {
      if (rowsInSheet >= maxRows) {
        ws.commit();
        ws = open(wb, spec, head, layout, ++part, names);
        rowsInSheet = headRows;
      }
      const row = ws.addRow(r.map((v) => (v === undefined ? null : v)));
      for (let c = 0; c < layout.width; c++) row.getCell(c + 1).style = layout.styles[c]!;
      row.commit();
      rowsInSheet++;
      written++;
    };
    for (const r of ahead) put(r);
    for (let n = 1; ; n++) {
      const r = await rows.next();
      if (r.done) break;
      put(r.value.map((v, c) => typedCell(v, spec.types?.[c])));
      if (n % PACE_ROWS === 0) await paced(ws);
    }
    ws.commit();
    if (names.length > 1) splits.push({ name: spec.name, parts: names, rows: written });
  }
  await wb.commit();
  return splits;
}

/** Rows written between looks at the zip entry's buffer. */
const PACE_ROWS = 1000;
/** Uncompressed sheet XML allowed to wait for the deflate stream. */
const PACE_BYTES = 4 * 1024 * 1024;

/**
 * Keep pace with compression. ExcelJS's sheet stream writes into the zip entry without
 * heeding its backpressure, and deflate is slower than writing rows, so without this the
 * whole uncompressed sheet waits in memory (about 400 bytes a row). Waits for the entry to
 * drain when its buffer is over PACE_BYTES, else gives the event loop one turn so archiver
 * can start and keep reading.
 */
async function paced(ws: WorksheetLike): Promise<void> {
  // A later sheet's entry is read only once archiver has finished the one before: until then
  // the sheet stream keeps what is written itself, so wait (briefly, repeatedly) for its turn.
  for (let waits = 0; entryOf(ws) === undefined && heldBySheet(ws) > PACE_BYTES && waits < 10_000; waits++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const entry = entryOf(ws);
  if (entry && entry.buffered() > PACE_BYTES) await new Promise<void>((resolve) => entry.once("drain", () => resolve()));
  else await new Promise((resolve) => setImmediate(resolve));
}

/** ExcelJS's sheet stream (a StreamBuf) as an object whose fields can be checked, or undefined. */
function sheetStream(ws: WorksheetLike): object | undefined {
  const sheet: unknown = (ws as { stream?: unknown }).stream;
  return typeof sheet === "object" && sheet !== null ? sheet : undefined;
}

/** Bytes the sheet stream itself holds (ExcelJS's StreamBuf: 64 KiB buffers). */
function heldBySheet(ws: WorksheetLike): number {
  const sheet = sheetStream(ws);
  return sheet && "buffers" in sheet && Array.isArray(sheet.buffers) ? sheet.buffers.length * 65536 : 0;
}

/** The zip entry ExcelJS's sheet stream writes into, and how much it holds (ExcelJS internals, read defensively). */
function entryOf(ws: WorksheetLike): { once(event: "drain", listener: () => void): unknown; buffered(): number } | undefined {
  const sheet = sheetStream(ws);
  if (!sheet || !("pipes" in sheet) || !Array.isArray(sheet.pipes)) return undefined;
  const target: unknown = sheet.pipes[0];
  if (typeof target !== "object" || target === null || !("once" in target) || typeof target.once !== "function" || !("_writableState" in target))
    return undefined;
  const state: unknown = target._writableState;
  if (typeof state !== "object" || state === null || !("length" in state)) return undefined;
  const once = target.once.bind(target) as (event: "drain", listener: () => void) => unknown;
  return { once, buffered: () => Number(state.length) || 0 };
}

interface Layout {
  width: number;
  widths: number[];
  landscape: boolean;
  /** One style object per column, shared by every data cell (ExcelJS then looks the style up once). */
  styles: Style[];
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
  const styles = widths.map((_, c): Style => {
    const type = spec.types?.[c];
    const s: Style = { border: BORDER, alignment: { vertical: "top", wrapText: true } };
    const f = type ? NUM_FMT[type] : undefined;
    if (f && type !== "text") s.numFmt = f;
    return s;
  });
  return { width, widths, landscape: widths.reduce((a, b) => a + b, 0) > PORTRAIT_WIDTH, styles };
}

function shift(range: string, by: number): string {
  return range.replace(/([A-Z]+)(\d+)/g, (_, col: string, row: string) => `${col}${Number(row) + by}`);
}

function open(wb: WorkbookWriterLike, spec: SheetSpec, head: XCell[][], layout: Layout, part: number, names: string[]): WorksheetLike {
  const titles = spec.titles ?? [];
  const titleRows = titles.length;
  const headRows = titleRows + head.length;
  const name = sheetName(spec.name, part);
  names.push(name);
  const last = columnLetter(layout.width);
  const ws = wb.addWorksheet(name, {
    views: headRows > 0 ? [{ state: "frozen", xSplit: 0, ySplit: headRows, topLeftCell: `A${headRows + 1}`, activeCell: `A${headRows + 1}` }] : [],
    pageSetup: {
      paperSize: 9,
      orientation: layout.landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      ...(headRows > 0 ? { printTitlesRow: `1:${headRows}` } : {}),
    },
    headerFooter: { oddFooter: "&C第 &P 页，共 &N 页" },
    ...(head.length > 0 ? { autoFilter: `A${headRows}:${last}${headRows}` } : {}),
  });
  ws.columns = layout.widths.map((w) => ({ width: w }));
  // Merge before committing: a committed row can no longer be changed.
  const rows: RowLike[] = [];
  titles.forEach((t, i) => {
    const text = i === 0 && part > 1 ? `${t}（续 ${part}：超过 Excel 单表 ${MAX_SHEET_ROWS.toLocaleString("en-US")} 行上限，接上一工作表）` : t;
    const row = ws.addRow([text]);
    row.height = i === 0 ? 28 : 20;
    for (let c = 0; c < layout.width; c++) row.getCell(c + 1).style = i === 0 ? TITLE_STYLE : SUBTITLE_STYLE;
    if (layout.width > 1) ws.mergeCells(`A${i + 1}:${last}${i + 1}`);
    rows.push(row);
  });
  for (const h of head) {
    const row = ws.addRow(h.map((v) => (v === undefined ? null : v)));
    for (let c = 0; c < layout.width; c++) row.getCell(c + 1).style = HEAD_STYLE;
    rows.push(row);
  }
  for (const m of spec.merges ?? []) ws.mergeCells(shift(m, titleRows));
  for (const row of rows) row.commit();
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
