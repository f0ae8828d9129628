// Reading a register file as a stream of records: decode (auto-detected or --encoding), split
// into records (comma or tab, auto-detected or --delimiter), map the header. Rows are handed
// over one at a time and never collected, so a register of any size reads in bounded memory.
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { diag, InputError, type Diagnostic } from "../diagnostics.js";
import { text } from "../core/lib/text.js";
import type { XlsxSheetInfo } from "./register-xlsx.js";
import { mapHeader, type HeaderMap } from "../core/register/columns.js";
import { CsvReader, type Delimiter } from "./csv-reader.js";
import { DecodeError, ENCODING_LABEL, NotTextError, RegisterDecoder, type EncodingName, type EncodingOption } from "./register-decode.js";

export interface RegisterReadOptions {
  encoding?: EncodingOption;
  delimiter?: Delimiter;
  /** Called every chunk with the bytes read so far, the file size and the rows so far. */
  onProgress?: (bytes: number, total: number, rows: number) => void;
  /** Read size in bytes (default 1 MiB). */
  chunkSize?: number;
  /** Awaited after each chunk's records were handled (lets writers drain). */
  afterChunk?: () => Promise<void> | void;
  /** The sheet of an .xlsx register: a name or a 1-based position (default the first visible sheet). */
  sheet?: string;
}

/** Where the records come from: a CSV text, or one sheet of a workbook (positions are cells there). */
export type RegisterSource = { kind: "csv" } | ({ kind: "xlsx" } & XlsxSheetInfo);

export interface RegisterHandlers {
  /** The header, mapped, with its line (sheet row) and source; called once, before any record. */
  header?(map: HeaderMap, line: number, source: RegisterSource): void;
  /** A data record: fields, row number (1-based, header excluded) and physical line. */
  record(fields: string[], row: number, line: number): void;
  /** A record whose quote never closes (rejected as REG004). */
  unclosed(fields: string[], row: number, line: number, column: number): void;
}

export interface RegisterInfo {
  file: string;
  bytes: number;
  encoding: EncodingName;
  delimiter: Delimiter;
  header: HeaderMap;
  /** Data records read (blank lines not counted). */
  rows: number;
  source: RegisterSource;
}

const CSV_SOURCE: RegisterSource = { kind: "csv" };

function missingColumns(header: HeaderMap, file: string, line?: number): InputError {
  const found = header.headers.filter((x) => x !== "");
  return new InputError([
    diag(
      "REG001",
      {
        missing: text(header.missing.join("、"), header.missing.join(", ")),
        found: found.length ? text(found.join("、"), found.join(", ")) : text("（无）", "(none)"),
      },
      line === undefined ? { file } : { file, range: { line, column: 1 } },
    ),
  ]);
}

/** The first bytes of a file, to tell a workbook from a text. */
async function magic(file: string): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const b = Buffer.alloc(8);
    const { bytesRead } = await fh.read(b, 0, 8, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== "") return false;
  return true;
}

/**
 * Stream a register. Throws InputError when the file cannot be read or decoded, has no
 * header, or lacks a required column (the message names the columns found).
 */
export async function readRegister(file: string, opts: RegisterReadOptions, h: RegisterHandlers): Promise<RegisterInfo> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
    size = st.size;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === "ENOENT" ? text("文件不存在", "no such file") : err.code === "EISDIR" ? text("是目录", "is a directory") : (err.code ?? err.message);
    throw new InputError([diag("CLI001", { file, reason }, { file })]);
  }

  const head = await magic(file).catch(() => Buffer.alloc(0));
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return readWorkbookRegister(file, size, opts, h);
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw new InputError([diag("REG060", {}, { file })]);

  const decoder = new RegisterDecoder(opts.encoding ?? "auto");
  let header: HeaderMap | undefined;
  let headerFailure: InputError | undefined;
  let rows = 0;
  const reader = new CsvReader(
    {
      record(fields, line) {
        if (headerFailure) return;
        if (!header) {
          if (isBlankRecord(fields)) return;
          header = mapHeader(fields.map((f) => f.trim()));
          if (header.missing.length) {
            headerFailure = missingColumns(header, file, line);
            return;
          }
          h.header?.(header, line, CSV_SOURCE);
          return;
        }
        if (isBlankRecord(fields)) return;
        h.record(fields, ++rows, line);
      },
      unclosed(fields, line, column) {
        if (headerFailure) return;
        if (!header) {
          headerFailure = new InputError([diag("REG004", { column }, { file, range: { line, column } })]);
          return;
        }
        h.unclosed(fields, ++rows, line, column);
      },
    },
    opts.delimiter,
  );

  const stream = createReadStream(file, { highWaterMark: opts.chunkSize ?? 1 << 20 });
  try {
    for await (const chunk of stream) {
      reader.push(decoder.write(chunk as Buffer));
      if (headerFailure) throw headerFailure;
      opts.onProgress?.(decoder.bytes, size, rows);
      await opts.afterChunk?.();
    }
    reader.push(decoder.end());
    reader.end();
    if (headerFailure) throw headerFailure;
  } catch (e) {
    stream.destroy();
    // Problems already diagnosed (the handlers', the output files') pass through as they are.
    if (carriesDiagnostics(e)) throw e;
    if (e instanceof DecodeError) {
      throw new InputError([diag("REG002", { encoding: ENCODING_LABEL[e.encoding], offset: e.offset }, { file })]);
    }
    if (e instanceof NotTextError) {
      throw new InputError([
        diag(
          "REG008",
          {
            kind:
              e.kind === "xlsx"
                ? text("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)")
                : e.kind === "xls"
                  ? text("Excel 97-2003 工作簿（.xls）", "an Excel 97-2003 workbook (.xls)")
                  : text("二进制文件", "a binary file"),
          },
          { file },
        ),
      ]);
    }
    const err = e as NodeJS.ErrnoException;
    throw new InputError([diag("CLI001", { file, reason: err.code ?? err.message }, { file })]);
  }
  if (!header) throw new InputError([diag("REG003", {}, { file })]);
  opts.onProgress?.(decoder.bytes, size, rows);
  return { file, bytes: decoder.bytes, encoding: decoder.encoding ?? "utf8", delimiter: reader.delimiter ?? ",", header, rows, source: CSV_SOURCE };
}

function carriesDiagnostics(e: unknown): e is Error & { diagnostics: Diagnostic[] } {
  return e instanceof InputError || (e instanceof Error && "diagnostics" in e && Array.isArray(e.diagnostics));
}

/** An .xlsx register: the chosen sheet's rows, as the CSV path hands them over. */
async function readWorkbookRegister(file: string, size: number, opts: RegisterReadOptions, h: RegisterHandlers): Promise<RegisterInfo> {
  const { readXlsxRegister, XlsxReadError } = await import("./register-xlsx.js");
  let header: HeaderMap | undefined;
  let source: RegisterSource | undefined;
  let rows = 0;
  let bytes = 0;
  let info;
  try {
    info = await readXlsxRegister(
      file,
      opts.sheet,
      {
        header(map, sheet) {
          header = map;
          source = { kind: "xlsx", ...sheet };
          if (map.missing.length) throw missingColumns(map, `${file}!${sheet.sheet}!${cellName(sheet.firstColumn, sheet.headerRow)}`);
          h.header?.(map, sheet.headerRow, source);
        },
        record(fields, line) {
          h.record(fields, ++rows, line);
        },
      },
      {
        onBytes: (b) => {
          bytes = b;
          opts.onProgress?.(b, size, rows);
        },
        ...(opts.afterChunk ? { afterRows: opts.afterChunk } : {}),
      },
    );
  } catch (e) {
    if (carriesDiagnostics(e)) throw e;
    if (e instanceof XlsxReadError) {
      const names = e.sheets.map((s) => `“${s}”`);
      const sheets = names.length ? text(names.join("、"), names.join(", ")) : text("（无）", "(none)");
      if (e.kind === "sheet-not-found") throw new InputError([diag("REG062", { sheet: opts.sheet ?? "", sheets }, { file })]);
      const reason =
        e.kind === "no-sheet"
          ? text("工作簿中没有工作表", "the workbook has no worksheet")
          : text(`压缩结构已损坏（${e.message}）`, `its zip structure is damaged (${e.message})`);
      throw new InputError([diag("REG063", { reason }, { file })]);
    }
    const err = e as NodeJS.ErrnoException;
    throw new InputError([diag("CLI001", { file, reason: err.code ?? err.message }, { file })]);
  }
  if (!header || !source) throw new InputError([diag("REG003", {}, { file: `${file}!${info.sheet}` })]);
  opts.onProgress?.(size, size, rows);
  return { file, bytes: Math.max(bytes, size), encoding: "utf8", delimiter: ",", header, rows, source };
}

/** A1 name of a cell: 1-based column and row. */
export function cellName(column: number, row: number): string {
  let s = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return `${s}${row}`;
}
