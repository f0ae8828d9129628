// Reading a register file as a stream of records: decode (auto-detected or --encoding), split
// into records (comma or tab, auto-detected or --delimiter), map the header. Rows are handed
// over one at a time and never collected, so a register of any size reads in bounded memory.
import { checkInputFile } from "./inputs.js";
import type { Stats } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { diag, InputError, type Diagnostic } from "../diagnostics.js";
import { text } from "../core/lib/text.js";
import type { XlsxSheetInfo } from "./register-xlsx.js";
import { mapHeader, type HeaderMap } from "../core/register/columns.js";
import { CsvReader, type Delimiter } from "./csv-reader.js";
import { DecodeError, ENCODING_LABEL, NotTextError, RegisterDecoder, type EncodingName, type EncodingOption } from "./register-decode.js";

/** Line breaks (CRLF counted once) in the first `end` characters of a field. */
function lineBreaks(s: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a) n++;
    else if (c === 0x0d) {
      n++;
      if (s.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  return n;
}

function countReplacements(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\uFFFD"); i >= 0; i = s.indexOf("\uFFFD", i + 1)) n++;
  return n;
}

/** The whole file cannot be read: where, in which encoding, and what the bytes look like instead. */
export function decodeDiagnostic(e: DecodeError, file: string): Diagnostic {
  const where = { file, range: { line: e.line, column: e.column } };
  const tried = ENCODING_LABEL[e.encoding];
  const found = e.found;
  if (found && (found.encoding === "utf16le" || found.encoding === "utf16be")) {
    const label = ENCODING_LABEL[found.encoding];
    return diag(
      "REG072",
      {
        found: label,
        evidence:
          found.by === "bom"
            ? text(`文件开头是 ${label} 的字节顺序标记（BOM）`, `the file starts with the ${label} byte order mark`)
            : text("没有字节顺序标记（BOM），但每隔一个字节是 0", "no byte order mark, but every other byte is zero"),
        how:
          found.by === "bom"
            ? text(
                "stdz 能直接读取 Excel 的“Unicode 文本”，去掉 --encoding 即可；也可以在 Excel 中另存为“CSV UTF-8（逗号分隔）”",
                "stdz reads Excel's Unicode text as it is: leave out --encoding; or in Excel use Save As → CSV UTF-8 (comma delimited)",
              )
            : text(
                "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或另存为带字节顺序标记的“Unicode 文本”",
                "in Excel use Save As → CSV UTF-8 (comma delimited), or Unicode text (which has the byte order mark)",
              ),
      },
      where,
    );
  }
  if (found) {
    const label = ENCODING_LABEL[found.encoding];
    const option = found.encoding === "utf8" ? "utf8" : "gb18030";
    const by =
      found.by === "bom"
        ? text("（文件开头有它的字节顺序标记）", " (the file starts with its byte order mark)")
        : found.by === "mostly"
          ? text("（按它解码几乎没有错误）", " (it decodes with few errors)")
          : text("（按它解码没有错误）", " (it decodes without errors)");
    return diag(
      "REG071",
      {
        encoding: tried,
        line: e.line,
        column: e.column,
        found: text(label + by.zh, label + by.en),
        how: text(
          `用 --encoding ${option} 读取，或去掉 --encoding 由 stdz 自动识别`,
          `read it with --encoding ${option}, or leave out --encoding and let stdz detect it`,
        ),
      },
      where,
    );
  }
  return diag("REG002", { encoding: tried, offset: e.offset }, where);
}

/**
 * CSV bytes read at a time. A chunk's decoded text is alive while its rows are handled; at 1 MiB
 * (a 1.2 MB string) the collector found one alive at nearly every scavenge and moved it to the
 * old generation, where dead chunks piled up between full collections. At 64 KiB most chunks
 * die young, and the peak memory of batch, sample and deviation no longer depends on when the
 * full collections happen to run.
 */
const READ_CHUNK = 64 * 1024;

export interface RegisterReadOptions {
  encoding?: EncodingOption;
  delimiter?: Delimiter;
  /** Called every chunk with the bytes read so far, the file size and the rows so far. */
  onProgress?: (bytes: number, total: number, rows: number) => void;
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
  /**
   * A data record with bytes the file's encoding cannot decode (shown as U+FFFD) in the fields
   * `columns` (0-based), with the physical line of each. Without this handler such records go to `record`.
   */
  undecodable?(fields: string[], row: number, line: number, columns: Array<{ index: number; line: number }>, encoding: EncodingName): void;
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
  let st: Stats;
  try {
    st = await stat(file);
    if (st.isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === "ENOENT" ? text("文件不存在", "no such file") : err.code === "EISDIR" ? text("是目录", "is a directory") : (err.code ?? err.message);
    throw new InputError([diag("CLI001", { file, reason }, { file })]);
  }
  checkInputFile(file, st);
  const size = st.size;

  const head = await magic(file).catch(() => Buffer.alloc(0));
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return readWorkbookRegister(file, size, opts, h);
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw new InputError([diag("REG060", {}, { file })]);

  const decoder = new RegisterDecoder(opts.encoding ?? "auto");
  let header: HeaderMap | undefined;
  let headerFailure: InputError | undefined;
  let rows = 0;
  // Broken bytes the decoder has turned into U+FFFD and no record has claimed yet: only then are fields searched.
  let attributed = 0;
  const damaged = (fields: readonly string[], line: number): Array<{ index: number; line: number }> | undefined => {
    if (decoder.invalid <= attributed) return undefined;
    let found: Array<{ index: number; line: number }> | undefined;
    let at = line;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const k = f.indexOf("\uFFFD");
      if (k >= 0) {
        (found ??= []).push({ index: i, line: at + lineBreaks(f, k) });
        attributed += countReplacements(f);
      }
      if (f.indexOf("\n") >= 0 || f.indexOf("\r") >= 0) at += lineBreaks(f, f.length);
    }
    return found;
  };
  const reader = new CsvReader(
    {
      record(fields, line) {
        if (headerFailure) return;
        if (!header) {
          if (isBlankRecord(fields)) return;
          damaged(fields, line);
          header = mapHeader(fields.map((f) => f.trim()));
          if (header.missing.length) {
            headerFailure = missingColumns(header, file, line);
            return;
          }
          h.header?.(header, line, CSV_SOURCE);
          return;
        }
        if (isBlankRecord(fields)) return;
        const bad = h.undecodable && damaged(fields, line);
        if (bad) h.undecodable!(fields, ++rows, line, bad, decoder.encoding ?? "utf8");
        else h.record(fields, ++rows, line);
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

  // One buffer read into again and again: the decoder copies what it keeps, and a fresh buffer
  // per chunk is garbage the collector lets pile up (about 80 MB at the peak of a large register).
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  let fh: FileHandle | undefined;
  try {
    fh = await open(file, "r");
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      reader.push(decoder.write(buf.subarray(0, bytesRead)));
      if (headerFailure) throw headerFailure;
      opts.onProgress?.(decoder.bytes, size, rows);
      await opts.afterChunk?.();
    }
    reader.push(decoder.end());
    reader.end();
    if (headerFailure) throw headerFailure;
  } catch (e) {
    // Problems already diagnosed (the handlers', the output files') pass through as they are.
    if (carriesDiagnostics(e)) throw e;
    if (e instanceof DecodeError) throw new InputError([decodeDiagnostic(e, file)]);
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
  } finally {
    await fh?.close();
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
