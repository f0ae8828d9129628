// CSV as Excel opens it: UTF-8 with a BOM (so Excel does not guess GBK), CRLF line ends,
// fields quoted when they hold a comma, quote or line break, and formula injection
// neutralised: a cell that starts with =, +, -, @, tab or CR gets a leading single quote (')
// so that a spreadsheet shows it as text instead of running it. Plain numbers (-5, +3.5) are
// left alone: they cannot run anything.
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
  return neutralizeCell(String(v));
}

const OPTIONS = { record_delimiter: CSV_EOL, quoted_match: /[\r\n]/, eof: true } as const;

/** CSV lines (CRLF after each) for rows of cells, neutralised; no BOM. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return "";
  return stringify(
    rows.map((r) => r.map(cellText)),
    OPTIONS,
  );
}

/** A whole CSV file: BOM, header, rows. */
export function toCsv(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  return CSV_BOM + csvLines([header, ...rows]);
}

/**
 * Rows to a sink in batches (one csv-stringify call per batch), for outputs too large to
 * build as one string. `write` may return a promise (backpressure); `flush` awaits it.
 */
export class CsvBatchWriter {
  private batch: Cell[][] = [];
  private pending: Promise<void> | undefined;

  constructor(
    private readonly write: (text: string) => void | Promise<void>,
    private readonly batchSize = 2000,
  ) {}

  /** Write the BOM and the header. */
  start(header: readonly Cell[]): void {
    this.emit(CSV_BOM + csvLines([header]));
  }

  row(cells: readonly Cell[]): void | Promise<void> {
    this.batch.push(cells as Cell[]);
    if (this.batch.length >= this.batchSize) return this.flushBatch();
  }

  private flushBatch(): void | Promise<void> {
    if (this.batch.length === 0) return;
    const text = csvLines(this.batch);
    this.batch = [];
    return this.emit(text);
  }

  private emit(text: string): void | Promise<void> {
    const r = this.write(text);
    if (r) {
      this.pending = r;
      return r;
    }
  }

  async flush(): Promise<void> {
    await this.flushBatch();
    await this.pending;
  }
}
