// Reading a register straight from an Excel workbook (.xlsx), streamed with ExcelJS's
// WorkbookReader: rows are handed over one at a time, so memory does not grow with rows
// (only the workbook's shared-string table is held, as Excel's format requires).
//
// Cells become the text a CSV export would have held, so the CSV value rules and
// diagnostics apply unchanged: numbers as Excel shows them (15 significant digits), date
// cells as ISO dates (Excel's 1900 leap-year bug and 1904 workbooks handled), a credit code
// stored as a number as the scientific notation Excel shows (and REG012 explains it).
// Title rows above the header (merged "附件3 …情况表" lines of government forms) are skipped:
// the header is the first row that names every required column.
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import { Transform, type Readable } from "node:stream";
import { EXCEL_SERIAL_MAX, EXCEL_SERIAL_MIN } from "../core/register/values.js";
import { excelSerialDay, formatYmd, fromDayNumber } from "../core/lib/dates.js";
import { mapHeader, type FieldKey, type HeaderMap } from "../core/register/columns.js";

/** Rows looked at for the header before giving up (the first non-blank one is then reported). */
export const HEADER_SEARCH_ROWS = 30;

export interface XlsxSheetInfo {
  /** The sheet read. */
  sheet: string;
  /** Every sheet in workbook order. */
  sheets: string[];
  /** 1-based sheet row of the header. */
  headerRow: number;
  /** 1-based sheet column of the header's first cell (field 0). */
  firstColumn: number;
  /** Non-blank rows above the header that were skipped, and the first one's text. */
  skipped: number;
  title: string;
}

export interface XlsxSink {
  /** The header (mapped); `missing` non-empty means no header naming the required columns was found. */
  header(map: HeaderMap, info: XlsxSheetInfo): void;
  record(fields: string[], line: number): void;
}

/** Why a workbook could not be read: its zip is broken, it has no sheets, or the sheet asked for is not there. */
export class XlsxReadError extends Error {
  constructor(
    readonly kind: "unreadable" | "no-sheet" | "sheet-not-found",
    readonly sheets: string[] = [],
    detail = "",
  ) {
    super(detail || kind);
  }
}

interface SheetModel {
  name: string;
  state?: string;
}
interface RowLike {
  number: number;
  values: unknown;
}
interface WorksheetLike extends AsyncIterable<RowLike> {
  name: string;
}
interface WorkbookReaderLike extends AsyncIterable<WorksheetLike> {
  model?: { sheets?: SheetModel[] };
  properties?: { date1904?: boolean };
}
type ExcelJSLike = { stream: { xlsx: { WorkbookReader: new (input: Readable, opts: object) => WorkbookReaderLike } } };

type Kind = "date" | "code" | undefined;
const DATE_KEYS: readonly FieldKey[] = ["issued", "valid_until", "last_self_assessment"];

/** The sheet `choice` names: a name, or a 1-based position; by default the first visible sheet. */
export function chooseSheet(sheets: readonly SheetModel[], choice: string | undefined): string | undefined {
  if (choice === undefined || choice.trim() === "") return (sheets.find((s) => s.state !== "hidden" && s.state !== "veryHidden") ?? sheets[0])?.name;
  const exact = sheets.find((s) => s.name === choice);
  if (exact) return exact.name;
  if (/^\d+$/.test(choice.trim())) {
    const s = sheets[Number(choice.trim()) - 1];
    if (s) return s.name;
  }
  const want = choice.trim().toLowerCase();
  return sheets.find((s) => s.name.trim().toLowerCase() === want)?.name;
}

const MS_PER_DAY = 86_400_000;
const MARCH_1900 = Date.UTC(1900, 2, 1);

function isoOfDate(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return "";
  // ExcelJS counts every serial from 1899-12-30: right from 1900-03-01 on, a day early before it.
  if (ms >= MARCH_1900) return formatYmd(fromDayNumber(Math.floor(ms / MS_PER_DAY)));
  const day = excelSerialDay(Math.floor(ms / MS_PER_DAY) + 25569);
  return day ? formatYmd(day) : "1900-02-29";
}

/** A number as Excel's General format shows it: 15 significant digits, no float noise. */
function numberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

/** Text of a cell value as a CSV export would hold it. */
export function cellText(v: unknown, kind: Kind, date1904: boolean): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") {
    if (kind === "code" && Math.abs(v) >= 1e11) {
      // Excel keeps 15 digits and shows an 18-digit number as 9.13505E+17.
      const [m, e] = v.toExponential(5).split("e");
      return `${m!.replace(/\.?0+$/, "")}E${e!.startsWith("-") ? e : `+${e!.replace(/^\+/, "")}`}`;
    }
    if (kind === "date" && Number.isFinite(v)) {
      const s = date1904 ? v + 1462 : v;
      if (s >= EXCEL_SERIAL_MIN && s < EXCEL_SERIAL_MAX + 1) {
        const day = excelSerialDay(v, date1904);
        if (day) return formatYmd(day);
      }
    }
    return numberText(v);
  }
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return isoOfDate(v);
  if (typeof v === "object") {
    if ("result" in v) return cellText(v.result, kind, date1904);
    if ("formula" in v || "sharedFormula" in v) return "";
    if ("richText" in v && Array.isArray(v.richText))
      return v.richText.map((r: unknown) => (r && typeof r === "object" && "text" in r ? String(r.text) : "")).join("");
    if ("text" in v) return cellText(v.text, kind, date1904);
    if ("error" in v) return String(v.error);
  }
  return String(v);
}

function rowCells(values: unknown): unknown[] {
  return Array.isArray(values) ? values : [];
}

/**
 * Stream the chosen sheet's rows to `sink`. `onBytes` is told the compressed bytes read so
 * far; `afterRows` is awaited every few thousand rows (lets writers drain).
 */
export async function readXlsxRegister(
  file: string,
  choice: string | undefined,
  sink: XlsxSink,
  opts: { onBytes?: (bytes: number) => void; afterRows?: () => Promise<void> | void } = {},
): Promise<XlsxSheetInfo> {
  const ExcelJS = createRequire(import.meta.url)("exceljs") as ExcelJSLike;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  input.on("error", (e) => counter.destroy(e));
  input.pipe(counter);
  // Styles are read so that date cells come as dates; hyperlinks are not needed.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counter, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let info: XlsxSheetInfo | undefined;
  let sheetNames: string[] = [];
  try {
    for await (const ws of reader) {
      const models = reader.model?.sheets ?? [];
      sheetNames = models.map((s) => s.name);
      const wanted = chooseSheet(models, choice);
      if (wanted === undefined) throw new XlsxReadError(choice === undefined ? "no-sheet" : "sheet-not-found", sheetNames);
      if (ws.name !== wanted) continue;
      info = await readSheet(ws, wanted, sheetNames, reader.properties?.date1904 === true, sink, opts.afterRows);
      break;
    }
  } catch (e) {
    if (e instanceof XlsxReadError || (e instanceof Error && "diagnostics" in e)) throw e;
    throw new XlsxReadError("unreadable", sheetNames, e instanceof Error ? e.message : String(e));
  } finally {
    input.destroy();
    counter.destroy();
  }
  if (!info) throw new XlsxReadError(sheetNames.length && choice !== undefined ? "sheet-not-found" : "no-sheet", sheetNames);
  return info;
}

async function readSheet(
  ws: WorksheetLike,
  name: string,
  sheets: string[],
  date1904: boolean,
  sink: XlsxSink,
  afterRows: (() => Promise<void> | void) | undefined,
): Promise<XlsxSheetInfo> {
  let header: HeaderMap | undefined;
  const info: XlsxSheetInfo = { sheet: name, sheets, headerRow: 0, firstColumn: 1, skipped: 0, title: "" };
  let kinds: Kind[] = [];
  let width = 0;
  let seen = 0;
  let first: { fields: string[]; line: number; column: number } | undefined;
  let sinceDrain = 0;
  const titles: string[] = [];
  for await (const row of ws) {
    const cells = rowCells(row.values);
    if (!header) {
      let lo = 0;
      let hi = 0;
      const texts: string[] = [];
      for (let c = 1; c < cells.length; c++) {
        const t = cellText(cells[c], undefined, date1904).trim();
        texts[c] = t;
        if (t !== "") {
          if (lo === 0) lo = c;
          hi = c;
        }
      }
      if (lo === 0) continue; // blank row
      const fields: string[] = [];
      for (let c = lo; c <= hi; c++) fields.push(texts[c] ?? "");
      const map = mapHeader(fields);
      seen++;
      if (map.missing.length && seen < HEADER_SEARCH_ROWS) {
        first ??= { fields, line: row.number, column: lo };
        titles.push(fields.filter((f) => f !== "").join(" "));
        continue;
      }
      // No row named the required columns: report the first non-blank one, as CSV does.
      const use = map.missing.length && first ? first : { fields, line: row.number, column: lo };
      header = use === first ? mapHeader(first.fields) : map;
      info.headerRow = use.line;
      info.firstColumn = use.column;
      if (first && use !== first) {
        info.skipped = seen - 1;
        info.title = titles.join(" ").slice(0, 60);
      }
      width = header.headers.length;
      kinds = header.headers.map(() => undefined);
      for (const k of DATE_KEYS) if (header.index[k] !== undefined) kinds[header.index[k]!] = "date";
      if (header.index.credit_code !== undefined) kinds[header.index.credit_code] = "code";
      sink.header(header, info);
      if (header.missing.length) return info;
      continue;
    }
    const off = info.firstColumn;
    const n = Math.max(width, cells.length - off);
    const fields = new Array<string>(n);
    let blank = true;
    for (let i = 0; i < n; i++) {
      const t = cellText(cells[i + off], kinds[i], date1904);
      fields[i] = t;
      if (blank && t.trim() !== "") blank = false;
    }
    if (blank) continue;
    sink.record(fields, row.number);
    if (++sinceDrain >= 4096) {
      sinceDrain = 0;
      await afterRows?.();
    }
  }
  if (!header && first) {
    header = mapHeader(first.fields);
    info.headerRow = first.line;
    info.firstColumn = first.column;
    sink.header(header, info);
  }
  return info;
}
