// Reading a register straight from an Excel workbook (.xlsx), streamed: the sheet's XML is
// inflated and scanned row by row (no cell objects), so memory does not grow with rows; only
// the workbook's shared-string table is held, as Excel's format requires. (ExcelJS's
// WorkbookReader read 100,000 rows at 0.15x the CSV path's speed and peaked at 364 MB.)
//
// Cells become the text a CSV export would have held, so the CSV value rules and
// diagnostics apply unchanged: numbers as Excel shows them (15 significant digits), date
// cells as ISO dates (Excel's 1900 leap-year bug and 1904 workbooks handled), a credit code
// stored as a number as the scientific notation Excel shows (and REG012 explains it).
// Title rows above the header (merged "附件3 …情况表" lines of government forms) are skipped:
// the header is the first row that names every required column.
import { entryStream, entryText, zipEntries, type ZipEntry } from "./xlsx-zip.js";
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

/** A number cell whose style is a date format: its serial, turned into a day by the column's rules. */
export class SerialDate {
  constructor(readonly serial: number) {}
}

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

function isoOfSerial(serial: number, date1904: boolean): string {
  const day = excelSerialDay(serial, date1904);
  if (day) return formatYmd(day);
  return !date1904 && Math.floor(serial) === 60 ? "1900-02-29" : numberText(serial);
}

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
  if (v instanceof SerialDate) return isoOfSerial(v.serial, date1904);
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

const ENTITY: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML text with its entities (and Excel's _xHHHH_ escapes) decoded. */
function xmlText(s: string): string {
  if (s.indexOf("&") >= 0)
    s = s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) =>
      e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITY[e] ?? m),
    );
  if (s.indexOf("_x") >= 0) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** The value of attribute `name` in a tag's attribute text, or undefined. */
function attr(tag: string, name: string): string | undefined {
  const k = tag.indexOf(` ${name}="`);
  if (k < 0) return undefined;
  const from = k + name.length + 3;
  return tag.slice(from, tag.indexOf('"', from));
}

/** Text of the <t> elements in `s` (a shared string or an inline string), phonetic runs left out. */
function runsText(s: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const t = s.indexOf("<t", i);
    if (t < 0) break;
    const c = s.charCodeAt(t + 2);
    if (c !== 0x3e && c !== 0x20) {
      i = t + 2;
      continue;
    }
    const open = s.indexOf(">", t);
    if (s.charCodeAt(open - 1) === 0x2f) {
      i = open + 1;
      continue;
    }
    const close = s.indexOf("</t>", open);
    const ph = s.lastIndexOf("<rPh", t);
    if (!(ph >= 0 && s.indexOf("</rPh>", ph) > t)) out += s.slice(open + 1, close);
    i = close + 4;
  }
  return xmlText(out);
}

/** Built-in number formats that are dates (ECMA-376 18.8.30, and the CJK ones). */
const DATE_FMT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function isDateFormat(code: string): boolean {
  const c = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "");
  return /[ymd]/i.test(c) && !/^general$/i.test(c.trim());
}

/** Which cell styles (cellXfs index) are dates. */
function dateStyles(styles: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!styles) return out;
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const id = Number(attr(m[1]!, "numFmtId"));
    const code = attr(m[1]!, "formatCode");
    if (code !== undefined) custom.set(id, xmlText(code));
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
  let i = 0;
  for (const m of xfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1]!, "numFmtId") ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : DATE_FMT_IDS.has(id)) out.add(i);
    i++;
  }
  return out;
}

/** Shared strings, in order (held whole: cells refer to them by index). */
async function sharedStrings(file: string, entries: Map<string, ZipEntry>): Promise<string[]> {
  const out: string[] = [];
  const e = entries.get("xl/sharedStrings.xml");
  if (!e) return out;
  const dec = new TextDecoder("utf-8");
  let buf = "";
  for await (const chunk of await entryStream(file, e)) {
    buf += dec.decode(chunk as Buffer, { stream: true });
    let i = 0;
    for (;;) {
      const si = buf.indexOf("<si", i);
      if (si < 0) break;
      const end = buf.indexOf("</si>", si);
      if (end < 0) {
        i = si;
        break;
      }
      // <si/> (an empty string) has no closing tag of its own.
      const gt = buf.indexOf(">", si);
      if (buf.charCodeAt(gt - 1) === 0x2f && gt < end) {
        out.push("");
        i = gt + 1;
        continue;
      }
      out.push(runsText(buf.slice(gt + 1, end)));
      i = end + 5;
    }
    buf = buf.slice(i);
  }
  return out;
}

function columnNumber(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

interface Book {
  sheets: Array<SheetModel & { part: string }>;
  date1904: boolean;
  strings: string[];
  dates: Set<number>;
}

async function openBook(file: string, entries: Map<string, ZipEntry>): Promise<Book> {
  const wbXml = await entryText(file, entries, "xl/workbook.xml");
  if (wbXml === undefined) throw new XlsxReadError("no-sheet");
  const rels = (await entryText(file, entries, "xl/_rels/workbook.xml.rels")) ?? "";
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const id = attr(m[1]!, "Id");
    const t = attr(m[1]!, "Target");
    if (id !== undefined && t !== undefined) target.set(id, t.startsWith("/") ? t.slice(1) : `xl/${t}`.replace(/\/\.\//g, "/"));
  }
  const sheets: Book["sheets"] = [];
  for (const m of wbXml.matchAll(/<sheet\b([^>]*?)\/?>/g)) {
    const a = m[1]!;
    const rid = /\br:id="([^"]*)"/.exec(a)?.[1] ?? /\bid="([^"]*)"/.exec(a)?.[1] ?? "";
    const state = attr(a, "state");
    sheets.push({ name: xmlText(attr(a, "name") ?? ""), ...(state !== undefined ? { state } : {}), part: target.get(rid) ?? "" });
  }
  const pr = /<workbookPr\b([^>]*)/.exec(wbXml)?.[1] ?? "";
  const d1904 = attr(pr, "date1904");
  return {
    sheets,
    date1904: d1904 === "1" || d1904 === "true",
    strings: await sharedStrings(file, entries),
    dates: dateStyles(await entryText(file, entries, "xl/styles.xml")),
  };
}

/** The cells of one <row> element: values by 1-based column. */
function rowValues(s: string, from: number, book: Book, out: unknown[]): void {
  out.length = 0;
  let col = 0;
  let i = from;
  for (;;) {
    const c = s.indexOf("<c", i);
    if (c < 0) break;
    const next = s.charCodeAt(c + 2);
    if (next !== 0x20 && next !== 0x3e && next !== 0x2f) {
      i = c + 2;
      continue;
    }
    const gt = s.indexOf(">", c);
    const tag = s.slice(c + 2, gt);
    const ref = attr(tag, "r");
    col = ref !== undefined ? columnNumber(ref) : col + 1;
    if (s.charCodeAt(gt - 1) === 0x2f) {
      i = gt + 1;
      continue;
    }
    const end = s.indexOf("</c>", gt);
    const inner = s.slice(gt + 1, end);
    i = end + 4;
    const t = attr(tag, "t");
    if (t === "inlineStr") {
      out[col] = runsText(inner);
      continue;
    }
    const v0 = inner.indexOf("<v");
    if (v0 < 0) continue;
    const v1 = inner.indexOf(">", v0);
    if (inner.charCodeAt(v1 - 1) === 0x2f) continue;
    const v = inner.slice(v1 + 1, inner.indexOf("</v>", v1));
    if (t === "s") out[col] = book.strings[Number(v)] ?? "";
    else if (t === "str" || t === "e") out[col] = xmlText(v);
    else if (t === "b") out[col] = v === "1" || v === "true";
    else if (t === "d") out[col] = v.slice(0, 10);
    else {
      const n = Number(v);
      const st = attr(tag, "s");
      out[col] = st !== undefined && book.dates.has(Number(st)) ? new SerialDate(n) : n;
    }
  }
}

/**
 * Stream the chosen sheet's rows to `sink`. `onBytes` is told the compressed bytes read so
 * far; `afterRows` is awaited between chunks (lets writers drain).
 */
export async function readXlsxRegister(
  file: string,
  choice: string | undefined,
  sink: XlsxSink,
  opts: { onBytes?: (bytes: number) => void; afterRows?: () => Promise<void> | void } = {},
): Promise<XlsxSheetInfo> {
  let book: Book;
  let entries: Map<string, ZipEntry>;
  try {
    entries = await zipEntries(file);
    book = await openBook(file, entries);
  } catch (e) {
    if (e instanceof XlsxReadError) throw e;
    throw new XlsxReadError("unreadable", [], e instanceof Error ? e.message : String(e));
  }
  const names = book.sheets.map((s) => s.name);
  if (book.sheets.length === 0) throw new XlsxReadError("no-sheet");
  const wanted = chooseSheet(book.sheets, choice);
  const sheet = book.sheets.find((s) => s.name === wanted);
  if (!sheet) throw new XlsxReadError("sheet-not-found", names);
  const entry = entries.get(sheet.part);
  if (!entry) throw new XlsxReadError("unreadable", names, `${sheet.part} is missing`);
  let bytes = 0;
  const reader = new SheetReader(sheet.name, names, book, sink);
  try {
    const stream = await entryStream(file, entry, (n) => {
      bytes += n;
      opts.onBytes?.(bytes);
    });
    const dec = new TextDecoder("utf-8");
    try {
      for await (const chunk of stream) {
        reader.push(dec.decode(chunk as Buffer, { stream: true }));
        if (reader.done) break;
        await opts.afterRows?.();
      }
    } finally {
      stream.destroy();
    }
  } catch (e) {
    if (e instanceof XlsxReadError || (e instanceof Error && "diagnostics" in e)) throw e;
    throw new XlsxReadError("unreadable", names, e instanceof Error ? e.message : String(e));
  }
  return reader.end();
}

/** Rows of one sheet's XML as it arrives: header search, then records. */
class SheetReader {
  private buf = "";
  private readonly cells: unknown[] = [];
  private header: HeaderMap | undefined;
  private readonly info: XlsxSheetInfo;
  private kinds: Kind[] = [];
  private width = 0;
  private seen = 0;
  private first: { fields: string[]; line: number; column: number } | undefined;
  private readonly titles: string[] = [];
  private lastRow = 0;
  done = false;

  constructor(
    name: string,
    sheets: string[],
    private readonly book: Book,
    private readonly sink: XlsxSink,
  ) {
    this.info = { sheet: name, sheets, headerRow: 0, firstColumn: 1, skipped: 0, title: "" };
  }

  push(text: string): void {
    const s = this.buf === "" ? text : this.buf + text;
    let i = 0;
    for (;;) {
      const end = s.indexOf("</row>", i);
      if (end < 0) break;
      const start = s.lastIndexOf("<row", end);
      const gt = s.indexOf(">", start);
      const r = attr(s.slice(start + 4, gt), "r");
      const line = r !== undefined ? Number(r) : this.lastRow + 1;
      this.lastRow = line;
      rowValues(s.slice(gt + 1, end), 0, this.book, this.cells);
      this.row(this.cells, line);
      i = end + 6;
      if (this.done) return;
    }
    this.buf = s.slice(i);
  }

  end(): XlsxSheetInfo {
    if (!this.header && this.first) {
      this.header = mapHeader(this.first.fields);
      this.info.headerRow = this.first.line;
      this.info.firstColumn = this.first.column;
      this.sink.header(this.header, this.info);
    }
    return this.info;
  }

  private row(cells: unknown[], line: number): void {
    const d1904 = this.book.date1904;
    if (!this.header) {
      let lo = 0;
      let hi = 0;
      const texts: string[] = [];
      for (let c = 1; c < cells.length; c++) {
        const t = cellText(cells[c], undefined, d1904).trim();
        texts[c] = t;
        if (t !== "") {
          if (lo === 0) lo = c;
          hi = c;
        }
      }
      if (lo === 0) return; // blank row
      const fields: string[] = [];
      for (let c = lo; c <= hi; c++) fields.push(texts[c] ?? "");
      const map = mapHeader(fields);
      this.seen++;
      if (map.missing.length && this.seen < HEADER_SEARCH_ROWS) {
        this.first ??= { fields, line, column: lo };
        this.titles.push(fields.filter((f) => f !== "").join(" "));
        return;
      }
      // No row named the required columns: report the first non-blank one, as CSV does.
      const first = this.first;
      const useFirst = map.missing.length > 0 && first !== undefined;
      const header = useFirst ? mapHeader(first.fields) : map;
      this.header = header;
      this.info.headerRow = useFirst ? first.line : line;
      this.info.firstColumn = useFirst ? first.column : lo;
      if (first && !useFirst) {
        this.info.skipped = this.seen - 1;
        this.info.title = this.titles.join(" ").slice(0, 60);
      }
      this.width = header.headers.length;
      this.kinds = header.headers.map(() => undefined);
      for (const k of DATE_KEYS) if (header.index[k] !== undefined) this.kinds[header.index[k]!] = "date";
      if (header.index.credit_code !== undefined) this.kinds[header.index.credit_code] = "code";
      this.sink.header(header, this.info);
      if (header.missing.length) this.done = true;
      return;
    }
    const off = this.info.firstColumn;
    const n = Math.max(this.width, cells.length - off);
    const fields = new Array<string>(n);
    let blank = true;
    for (let i = 0; i < n; i++) {
      const t = cellText(cells[i + off], this.kinds[i], d1904);
      fields[i] = t;
      if (blank && t.trim() !== "") blank = false;
    }
    if (blank) return;
    this.sink.record(fields, line);
  }
}
