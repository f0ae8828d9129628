// The one register scan behind batch, sample and deviation: read the register (io), run every
// row through the register processor (core) and keep the row diagnostics, worded one way.
import { basename } from "node:path";
import { diag, InputError, text, type Diagnostic, type Located } from "../diagnostics.js";
import { t } from "../i18n.js";
import type { Text } from "../core/lib/text.js";
import { columnForHeader, COLUMN_BY_KEY, normalizeHeader, type HeaderMap } from "../core/register/columns.js";
import { DepartmentTable } from "../core/register/departments.js";
import { detach } from "../core/register/dedup.js";
import type { DynamicKind } from "../core/register/dynamic.js";
import { RegisterProcessor, type Denominator, type ProcessCounts } from "../core/register/process.js";
import { DEFAULT_THRESHOLDS, UNSET_COUNTY, type RegisterRow, type RowProblem, type Thresholds } from "../core/register/row.js";
import type { Delimiter } from "../io/csv-reader.js";
import { cellName, readRegister, type RegisterInfo, type RegisterSource } from "../io/register.js";
import { ENCODING_LABEL, type EncodingName } from "../io/register-decode.js";

export type RegisterEncoding = "auto" | "utf8" | "gbk" | "gb18030";
export type DelimiterChoice = "auto" | "," | "tab" | "comma";

export function delimiterOf(choice: DelimiterChoice | undefined): Delimiter | undefined {
  return choice === "tab" ? "\t" : choice === "," || choice === "comma" ? "," : undefined;
}

/**
 * Where a row problem is: line and column of a CSV, or the cell of a workbook's sheet
 * (`台账.xlsx!Sheet1!C12`, as the 自评表's diagnostics name cells). `column` is the 1-based field.
 */
export function locate(file: string, source: RegisterSource, line: number, column: number): Located {
  if (source.kind === "csv") return { file, range: { line, column: Math.max(1, column) } };
  return { file: `${file}!${source.sheet}!${cellName(source.firstColumn + Math.max(1, column) - 1, line)}` };
}

/** The position for an output table's cell: the field number for a CSV, `台账.xlsx!Sheet1!C12` for a workbook. */
export function positionCell(file: string, source: RegisterSource, line: number, column: number): string | number {
  if (source.kind === "csv") return column;
  return `${basename(file)}!${source.sheet}!${cellName(source.firstColumn + Math.max(1, column) - 1, line)}`;
}

/** A row diagnostic; it names the data row as well as the physical line. */
export type RowDiagnostic = Diagnostic & { row: number };

/**
 * Diagnostic for a row problem; it names the data row when printed ("(row N)"). Kept
 * diagnostics outlive their row, so string arguments are detached: a value sliced from the
 * reader's chunk would keep the whole chunk alive (a thousand kept rows, a thousand chunks).
 */
export function rowDiagnostic(file: string, p: RowProblem, row: number, line: number, source: RegisterSource = { kind: "csv" }): RowDiagnostic {
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p.args)) args[k] = typeof v === "string" ? detach(v) : v;
  const d = diag(p.code, args, locate(file, source, line, p.column));
  return { ...d, row };
}

/**
 * Field index of the group column named by --by: a known column (any alias) or any header.
 * -1 for a register without a 所属区县 column when grouping by county: every row is then
 * 未填, as stdz batch counts it.
 */
export function groupColumn(map: HeaderMap, by: string, file: string): number {
  const key = columnForHeader(by);
  if (key !== undefined && map.index[key] !== undefined) return map.index[key]!;
  if (key === "county") return -1;
  const want = normalizeHeader(by);
  const i = map.headers.findIndex((h) => normalizeHeader(h) === want);
  if (i >= 0) return i;
  const name = key !== undefined ? `${by}（${COLUMN_BY_KEY[key].zh}）` : by;
  throw new InputError([diag("SMP001", { by: name, headers: map.headers.filter((h) => h !== "").join(t("、", ", ")) }, { file })]);
}

export interface ScanSettings {
  encoding: RegisterEncoding;
  delimiter?: Delimiter | undefined;
  /** Processor settings; sample and deviation take the defaults (no dynamic management). */
  asOf?: string;
  thresholds?: Thresholds;
  departments?: DepartmentTable;
  keepList?: boolean;
  denominator?: Denominator;
  /** Row diagnostics kept (the first ones). */
  keep: number;
  /** Sheet of an .xlsx register (name or 1-based position). */
  sheet?: string | undefined;
  /** Keep warnings as row diagnostics too (batch), not only rejections. */
  warnings?: boolean;
  /** Group column for `accept` (the --by option). */
  by?: string;
  onProgress?: (bytes: number, total: number, rows: number) => void;
  afterChunk?: () => Promise<void> | void;
}

export interface ScanHooks {
  /** The mapped header with its line (sheet row) and source, before the first row. */
  header?(map: HeaderMap, line: number, source: RegisterSource): void;
  /** An accepted row with its group (the --by cell, or 未填 when empty). */
  accept?(r: RegisterRow, group: string, fields: readonly string[]): void;
  reject?(fields: readonly string[], row: number, line: number, problems: readonly RowProblem[]): void;
  warn?(row: number, line: number, p: RowProblem, name: string): void;
  dynamic?(kind: DynamicKind, label: Text, detail: Text, cells: string[]): void;
}

export interface Scan {
  info: RegisterInfo;
  processor: RegisterProcessor;
  counts: ProcessCounts;
  /** About the reading itself (which sheet and header row of a workbook). */
  notes: Diagnostic[];
  /** The first `keep` row diagnostics. */
  rowDiagnostics: RowDiagnostic[];
  /** Rejection problems in all (and warnings when kept), by code. */
  rowProblems: number;
  rejectedByCode: Record<string, number>;
}

/** Read a register with stdz batch's row checks. */
export async function scanRegister(file: string, s: ScanSettings, hooks: ScanHooks = {}): Promise<Scan> {
  let processor: RegisterProcessor | undefined;
  let headers: readonly string[] = [];
  let source: RegisterSource = { kind: "csv" };
  const notes: Diagnostic[] = [];
  const rowDiagnostics: RowDiagnostic[] = [];
  let rowProblems = 0;
  const rejectedByCode: Record<string, number> = {};
  const keep = (p: RowProblem, row: number, line: number, rejected: boolean) => {
    if (rejected) {
      rowProblems++;
      rejectedByCode[p.code] = (rejectedByCode[p.code] ?? 0) + 1;
    }
    if (rowDiagnostics.length < s.keep) rowDiagnostics.push(rowDiagnostic(file, p, row, line, source));
  };
  const info = await readRegister(
    file,
    {
      encoding: s.encoding,
      ...(s.delimiter ? { delimiter: s.delimiter } : {}),
      ...(s.onProgress ? { onProgress: s.onProgress } : {}),
      ...(s.afterChunk ? { afterChunk: s.afterChunk } : {}),
      ...(s.sheet !== undefined ? { sheet: s.sheet } : {}),
    },
    {
      header: (map, line, src) => {
        headers = map.headers;
        source = src;
        if (src.kind === "xlsx") notes.push(headerNote(file, src));
        hooks.header?.(map, line, src);
        const gi = s.by !== undefined ? groupColumn(map, s.by, file) : -1;
        const accept = hooks.accept;
        processor = new RegisterProcessor(
          {
            header: map,
            asOf: s.asOf ?? "2000-01-01",
            thresholds: s.thresholds ?? DEFAULT_THRESHOLDS,
            departments: s.departments ?? new DepartmentTable([]),
            keepList: s.keepList ?? false,
            ...(s.denominator ? { denominator: s.denominator } : {}),
          },
          {
            reject: (fields, row, line, problems) => {
              for (const p of problems) keep(p, row, line, true);
              hooks.reject?.(fields, row, line, problems);
            },
            ...(s.warnings
              ? {
                  warn: (row: number, line: number, p: RowProblem, name: string) => {
                    keep(p, row, line, false);
                    hooks.warn?.(row, line, p, name);
                  },
                }
              : {}),
            ...(hooks.dynamic ? { dynamic: hooks.dynamic } : {}),
            ...(accept
              ? {
                  accept: (r: RegisterRow, fields: readonly string[]) => {
                    const g = gi < 0 ? "" : (fields[gi] ?? "").trim();
                    accept(r, g === "" ? UNSET_COUNTY : g, fields);
                  },
                }
              : {}),
          },
        );
      },
      record: (fields, row, line) => processor!.record(fields, row, line),
      undecodable: (fields, row, line, columns, encoding) =>
        processor!.rejectRecord(fields, row, line, undecodableProblems(fields, columns, encoding, headers)),
      unclosed: (fields, row, line, column) => processor!.unclosed(fields, row, line, column),
    },
  );
  if (!processor) throw new Error("register read without a header");
  return { info, processor, counts: processor.counts, notes, rowDiagnostics, rowProblems, rejectedByCode };
}

/** REG061: the sheet read and its header row (and the title rows skipped above it). */
function headerNote(file: string, src: Extract<RegisterSource, { kind: "xlsx" }>): Diagnostic {
  const skipped =
    src.skipped > 0
      ? text(`（跳过上方 ${src.skipped} 行标题：“${src.title}”）`, ` (skipped ${src.skipped} title row${src.skipped > 1 ? "s" : ""} above it: '${src.title}')`)
      : text("", "");
  return diag("REG061", { sheet: src.sheet, row: src.headerRow, skipped }, { file: `${file}!${src.sheet}!${cellName(src.firstColumn, src.headerRow)}` });
}

/** Characters of a damaged value shown in REG070, around its first U+FFFD. */
const SHOWN = 40;

/** REG070 for each field holding bytes the encoding cannot decode; the problem's line is that field's. */
export function undecodableProblems(
  fields: readonly string[],
  columns: ReadonlyArray<{ index: number; line: number }>,
  encoding: EncodingName,
  headers: readonly string[],
): RowProblem[] {
  return columns.map(({ index }) => {
    const f = fields[index]!;
    const at = f.indexOf("\uFFFD");
    const from = Math.max(0, at - SHOWN / 2);
    const value = (from > 0 ? "…" : "") + f.slice(from, from + SHOWN) + (from + SHOWN < f.length ? "…" : "");
    const name = headers[index]?.trim();
    return {
      code: "REG070",
      column: index + 1,
      args: { column: index + 1, column_name: name ? name : text(`第 ${index + 1} 列`, `field ${index + 1}`), encoding: ENCODING_LABEL[encoding], value },
      reject: true,
    };
  });
}

/** REG042: how many row diagnostics were not shown, by code, and where they are written. */
export function moreRowsDiagnostic(file: string, rest: number, byCode: Record<string, number>, where: string): Diagnostic {
  const text = Object.entries(byCode)
    .map(([k, n]) => `${k}×${n}`)
    .join(", ");
  return diag("REG042", { count: rest, by_code: text, where }, { file });
}
