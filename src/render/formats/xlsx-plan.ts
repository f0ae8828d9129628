// What both XLSX engines are given: one sheet's finished layout, and the rows to stream into it.
// xlsx.ts decides the layout (widths, print setup, splits); an engine only writes it.

export type XCell = string | number | Date | null | undefined;

/** How a column's data cells are stored: text as given, or converted from their text. */
export type ColumnType = "text" | "number" | "integer" | "date" | "percent" | "percent100";

/** Excel number formats per column type (text columns keep General: "@" would make typed edits text). */
export const NUM_FMT: Record<ColumnType, string | undefined> = {
  text: undefined,
  number: "0.###",
  integer: "0",
  date: "yyyy-mm-dd",
  percent: "0.0%",
  percent100: "0.0##%",
};

/** One worksheet (or one part of a split one), laid out. */
export interface SheetPlan {
  /** The worksheet's name, already cleaned and shortened for Excel. */
  name: string;
  /** Title lines, each merged across the sheet. */
  titles: string[];
  /** Header rows below the titles, written bold on grey. */
  head: XCell[][];
  /** Merged ranges, A1 style, counted from row 1 of the sheet (titles included). */
  merges: string[];
  /** Column widths in characters. */
  widths: number[];
  landscape: boolean;
  /** Per-column storage of the data rows. */
  types: ReadonlyArray<ColumnType | undefined>;
}

/** Rows of titles and header: frozen, filtered on the last, repeated on printed pages. */
export function headRowsOf(plan: SheetPlan): number {
  return plan.titles.length + plan.head.length;
}

export const TITLE_HEIGHT = 28;
export const SUBTITLE_HEIGHT = 20;
export const PAGE_MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 };
/** Footer "第 n 页，共 m 页", centred (Excel header/footer codes). */
export const FOOTER = "&C第 &P 页，共 &N 页";
export const BORDER_ARGB = "FF808080";
export const HEAD_FILL_ARGB = "FFEDEDED";

/** An open worksheet: data rows go in (already typed), in order. */
export interface SheetSink {
  /** Writes one row; a promise means "wait before the next" (the output is behind). */
  row(cells: readonly XCell[]): Promise<void> | undefined;
  close(): Promise<void>;
}

/** A workbook being written: sheets open one after another, each closed before the next. */
export interface WorkbookEngine {
  sheet(plan: SheetPlan): Promise<SheetSink>;
  /** Ends the workbook (and the output stream). */
  finish(): Promise<void>;
}

export interface WorkbookMeta {
  creator: string;
  title: string;
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
