// The ExcelJS engine: the same plans written through ExcelJS's streaming WorkbookWriter. The
// plain way against which the hand-written engine (xlsx-package.ts) is tested and benchmarked;
// chosen with STDZ_XLSX_WRITER=exceljs.

import { createRequire } from "node:module";
import type { SheetPlan, SheetSink, WorkbookEngine, WorkbookMeta, XCell } from "./xlsx-plan.js";
import { BORDER_ARGB, columnLetter, FOOTER, HEAD_FILL_ARGB, headRowsOf, NUM_FMT, PAGE_MARGINS, SUBTITLE_HEIGHT, TITLE_HEIGHT } from "./xlsx-plan.js";

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

const THIN = { style: "thin", color: { argb: BORDER_ARGB } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_STYLE: Style = {
  font: { bold: true },
  alignment: { vertical: "middle", horizontal: "center", wrapText: true },
  border: BORDER,
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: HEAD_FILL_ARGB } },
};
const TITLE_STYLE: Style = { font: { bold: true, size: 14 }, alignment: { vertical: "middle", horizontal: "center", wrapText: true } };
const SUBTITLE_STYLE: Style = { alignment: { vertical: "middle", horizontal: "center", wrapText: true } };

/** Rows written between looks at the zip entry's buffer. */
const PACE_ROWS = 1000;
/** Uncompressed sheet XML allowed to wait for the deflate stream. */
const PACE_BYTES = 4 * 1024 * 1024;

export function exceljsEngine(out: NodeJS.WritableStream, meta: WorkbookMeta): WorkbookEngine {
  // ExcelJS is CommonJS and large: required here, at run time, rather than bundled.
  const ExcelJS = createRequire(import.meta.url)("exceljs") as { stream: { xlsx: { WorkbookWriter: new (o: object) => WorkbookWriterLike } } };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  Object.assign(wb, { creator: meta.creator, title: meta.title });
  return {
    async sheet(plan) {
      return sheetSink(open(wb, plan), plan);
    },
    finish: () => wb.commit(),
  };
}

function sheetSink(ws: WorksheetLike, plan: SheetPlan): SheetSink {
  const width = plan.widths.length;
  // One style object per column, shared by every data cell (ExcelJS then looks the style up once).
  const styles = plan.widths.map((_, c) => {
    const type = plan.types[c];
    return dataStyle(type ? NUM_FMT[type] : undefined);
  });
  let n = 0;
  return {
    row(cells: readonly XCell[]) {
      const row = ws.addRow(cells.map((v) => (v === undefined ? null : v)));
      for (let c = 0; c < width; c++) row.getCell(c + 1).style = styles[c]!;
      row.commit();
      return ++n % PACE_ROWS === 0 ? paced(ws) : undefined;
    },
    async close() {
      ws.commit();
    },
  };
}

function dataStyle(numFmt: string | undefined): Style {
  return { border: BORDER, alignment: { vertical: "top", wrapText: true }, ...(numFmt ? { numFmt } : {}) };
}

function open(wb: WorkbookWriterLike, plan: SheetPlan): WorksheetLike {
  const headRows = headRowsOf(plan);
  const width = plan.widths.length;
  const last = columnLetter(width);
  const ws = wb.addWorksheet(plan.name, {
    views: headRows > 0 ? [{ state: "frozen", xSplit: 0, ySplit: headRows, topLeftCell: `A${headRows + 1}`, activeCell: `A${headRows + 1}` }] : [],
    pageSetup: {
      paperSize: 9,
      orientation: plan.landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: PAGE_MARGINS,
      ...(headRows > 0 ? { printTitlesRow: `1:${headRows}` } : {}),
    },
    headerFooter: { oddFooter: FOOTER },
    ...(plan.head.length > 0 ? { autoFilter: `A${headRows}:${last}${headRows}` } : {}),
  });
  ws.columns = plan.widths.map((w) => ({ width: w }));
  // Merge before committing: a committed row can no longer be changed.
  const rows: RowLike[] = [];
  plan.titles.forEach((t, i) => {
    const row = ws.addRow([t]);
    row.height = i === 0 ? TITLE_HEIGHT : SUBTITLE_HEIGHT;
    for (let c = 0; c < width; c++) row.getCell(c + 1).style = i === 0 ? TITLE_STYLE : SUBTITLE_STYLE;
    rows.push(row);
  });
  for (const h of plan.head) {
    const row = ws.addRow(h.map((v) => (v === undefined ? null : v)));
    for (let c = 0; c < width; c++) row.getCell(c + 1).style = HEAD_STYLE;
    rows.push(row);
  }
  for (const m of plan.merges) ws.mergeCells(m);
  for (const row of rows) row.commit();
  return ws;
}

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
