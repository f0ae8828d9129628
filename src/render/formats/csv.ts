// CSV as Excel opens it: UTF-8 with a BOM (so Excel does not guess GBK), CRLF line ends,
// fields quoted when they hold a comma, quote or line break, and formula injection
// neutralised: a cell that starts with =, +, -, @, tab or CR gets a leading single quote (')
// so that a spreadsheet shows it as text instead of running it. Plain numbers (-5, +3.5) are
// left alone: they cannot run anything.
//
// Quoting is csv-stringify's. A row whose cells need no quoting at all (the vast majority in
// a register) is joined directly, which is byte-for-byte what csv-stringify writes for it;
// tests check the two agree.
import { stringify } from "csv-stringify/sync";

export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

export type Cell = string | number | boolean | null | undefined;

const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Prefix a cell that a spreadsheet would read as a formula with a single quote. */
export function neutralizeCell(v: string): string {
  if (v === "") return v;
  const c = v.charCodeAt(0);
  // = + - @ TAB CR
  if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) {
    if ((c === 0x2b || c === 0x2d) && PLAIN_NUMBER.test(v)) return v;
    return "'" + v;
  }
  return v;
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "是" : "否";
  return neutralizeCell(typeof v === "string" ? v : String(v));
}

const OPTIONS = { record_delimiter: CSV_EOL, quoted_match: /[\r\n]/, eof: true } as const;
/** Characters that make csv-stringify quote a cell (with OPTIONS). */
const NEEDS_QUOTES = /[",\r\n]/;

/** True when a cell is written as it is: a number, or text that needs neither quotes nor neutralising. */
function plain(v: Cell): boolean {
  if (typeof v === "number") return true;
  if (typeof v !== "string") return v === null || v === undefined;
  if (v === "") return true;
  const c = v.charCodeAt(0);
  if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) return false;
  return !NEEDS_QUOTES.test(v);
}

/** One CSV line (with CRLF) for a row of cells, neutralised. */
export function csvLine(row: readonly Cell[]): string {
  let simple = true;
  for (let i = 0; i < row.length; i++) {
    if (!plain(row[i])) {
      simple = false;
      break;
    }
  }
  // join writes null and undefined as empty cells, like cellText.
  if (simple) return row.join(",") + CSV_EOL;
  const cells = row.map(cellText);
  for (const t of cells) if (NEEDS_QUOTES.test(t)) return stringify([cells], OPTIONS);
  return cells.join(",") + CSV_EOL;
}

/** CSV lines (CRLF after each) for rows of cells, neutralised; no BOM. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  let out = "";
  for (const r of rows) out += csvLine(r);
  return out;
}

/** A whole CSV file: BOM, header, rows. */
export function toCsv(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  return CSV_BOM + csvLines([header, ...rows]);
}

/**
 * Rows to a sink, for outputs too large to build as one string. Each row is turned into text
 * at once (so the writer never holds on to the caller's cells) and the text is handed to
 * `write` in pieces of about 64 KiB; `write` may return a promise (backpressure).
 */
export class CsvBatchWriter {
  private parts: string[] = [];
  private size = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly write: (text: string) => void | Promise<void>,
    private readonly flushAt = 1 << 16,
  ) {}

  /** Write the BOM and the header. */
  start(header: readonly Cell[]): void {
    this.parts.push(CSV_BOM + csvLine(header));
    this.size += 1;
  }

  row(cells: readonly Cell[]): void | Promise<void> {
    const line = csvLine(cells);
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= this.flushAt) return this.flushText();
  }

  /** Hand the text collected so far to the sink. */
  flushText(): void | Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    const r = this.write(text);
    if (r) {
      this.pending = r;
      return r;
    }
  }

  async flush(): Promise<void> {
    await this.flushText();
    await this.pending;
  }
}
