// Reading a register file as a stream of records: decode (auto-detected or --encoding), split
// into records (comma or tab, auto-detected or --delimiter), map the header. Rows are handed
// over one at a time and never collected, so a register of any size reads in bounded memory.
import { checkInputFile } from "./inputs.js";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { diag, InputError, type Diagnostic } from "../diagnostics.js";
import { text } from "../core/lib/text.js";
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
}

export interface RegisterHandlers {
  /** The header, mapped; called once, before any record. */
  header?(map: HeaderMap, line: number): void;
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
  checkInputFile(file);

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
            const found = header.headers.filter((x) => x !== "");
            headerFailure = new InputError([
              diag(
                "REG001",
                {
                  missing: text(header.missing.join("、"), header.missing.join(", ")),
                  found: found.length ? text(found.join("、"), found.join(", ")) : text("（无）", "(none)"),
                },
                { file, range: { line, column: 1 } },
              ),
            ]);
            return;
          }
          h.header?.(header, line);
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
  return { file, bytes: decoder.bytes, encoding: decoder.encoding ?? "utf8", delimiter: reader.delimiter ?? ",", header, rows };
}

function carriesDiagnostics(e: unknown): e is Error & { diagnostics: Diagnostic[] } {
  return e instanceof InputError || (e instanceof Error && "diagnostics" in e && Array.isArray(e.diagnostics));
}
