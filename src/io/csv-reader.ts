// A streaming CSV reader for registers as Excel writes them: comma or tab separated, CRLF,
// LF or CR line ends, quoted fields with delimiters, doubled quotes and line breaks. It
// reports the physical line where each record starts, which rejects and diagnostics need.
//
// Lenient where Excel is: a quote inside an unquoted field is a character; text after a
// closing quote is appended to the field ("ab"c → abc). A quote that never closes is
// reported and reading resumes on the line after it, so one bad record cannot swallow the
// rest of the file.

import { createReadStream } from "node:fs";

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const COMMA = 0x2c;

/** A pending record longer than this (characters) with an open quote is treated as unclosed. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export interface CsvSink {
  /** A record: its fields and the 1-based physical line where it starts. */
  record(fields: string[], line: number): void;
  /**
   * A record whose quoted field (1-based `column`) never closes: the fields read before it,
   * the rest of that physical line as the last field, and the raw text of the lines skipped.
   */
  unclosed(fields: string[], line: number, column: number, raw: string): void;
}

export type Delimiter = "," | "\t";

/** Comma or tab, by which occurs more often (outside quotes) in the first line. */
export function detectDelimiter(firstLine: string): Delimiter {
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = 0; i < firstLine.length; i++) {
    const c = firstLine.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted) {
      if (c === COMMA) commas++;
      else if (c === TAB) tabs++;
    }
  }
  return tabs > commas ? "\t" : ",";
}

function countBreaks(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (i + 1 < to && s.charCodeAt(i + 1) === LF) i++;
    }
  }
  return n;
}

export class CsvReader {
  private buf = "";
  /** Physical line of buf[0]. */
  private line = 1;
  private started = false;
  private delim: number | undefined;

  constructor(
    private readonly sink: CsvSink,
    delimiter?: Delimiter,
  ) {
    if (delimiter !== undefined) this.delim = delimiter.charCodeAt(0);
  }

  /** The delimiter in use (after detection), or undefined before the first line was seen. */
  get delimiter(): Delimiter | undefined {
    return this.delim === undefined ? undefined : this.delim === TAB ? "\t" : ",";
  }

  push(text: string): void {
    if (text === "") return;
    if (this.buf !== "" && this.started) {
      // Finish the record left over from the last piece on a short string (leftover + the new
      // text's first line) rather than copying the whole new text behind it.
      const nl = text.indexOf("\n") + 1;
      if (nl > 0 && nl < text.length) {
        this.buf += text.slice(0, nl);
        this.parse(false);
        if (this.buf !== "") {
          this.buf += text.slice(nl); // the record goes on (a quoted line break): join everything
          this.parse(false);
          return;
        }
        text = text.slice(nl);
      }
    }
    this.buf = this.buf === "" ? text : this.buf + text;
    this.parse(false);
  }

  end(): void {
    this.parse(true);
    this.buf = "";
  }

  private parse(final: boolean): void {
    let s = this.buf;
    if (!this.started) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      if (this.delim === undefined) {
        const nl = s.search(/[\r\n]/);
        if (nl < 0 && !final && s.length < MAX_RECORD_CHARS) {
          this.buf = s;
          return;
        }
        this.delim = detectDelimiter(nl < 0 ? s : s.slice(0, nl)).charCodeAt(0);
      }
      this.started = true;
    }
    const D = this.delim!;
    const n = s.length;
    let pos = 0;
    let line = this.line;
    const sink = this.sink;

    records: while (pos < n) {
      const recStart = pos;
      const fields: string[] = [];
      let breaks = 0;
      let i = pos;
      for (;;) {
        // One field starts at i.
        if (i >= n) {
          if (!final) break records;
          fields.push("");
          pos = n;
          break;
        }
        let c = s.charCodeAt(i);
        if (c === QUOTE) {
          const open = i;
          let j = i + 1;
          let value = "";
          for (;;) {
            const k = s.indexOf('"', j);
            if (k < 0 || (k + 1 >= n && !final)) {
              if (!final && n - recStart < MAX_RECORD_CHARS) break records;
              if (k < 0 || n - recStart >= MAX_RECORD_CHARS) {
                // Never closes: report, resume after the line the quote opened on.
                pos = this.recover(s, recStart, open, fields, line);
                line += countBreaks(s, recStart, pos);
                continue records;
              }
            }
            if (s.charCodeAt(k + 1) === QUOTE) {
              value += s.slice(j, k + 1);
              j = k + 2;
              continue;
            }
            value += s.slice(j, k);
            i = k + 1;
            break;
          }
          if (value.indexOf("\n") >= 0 || value.indexOf("\r") >= 0) breaks += countBreaks(value);
          if (i < n) {
            c = s.charCodeAt(i);
            if (c !== D && c !== LF && c !== CR) {
              let k = i;
              while (k < n && (c = s.charCodeAt(k)) !== D && c !== LF && c !== CR) k++;
              if (k >= n && !final) break records;
              value += s.slice(i, k);
              i = k;
            }
          }
          fields.push(value);
        } else {
          let k = i;
          while (k < n) {
            c = s.charCodeAt(k);
            if (c === D || c === LF || c === CR) break;
            k++;
          }
          if (k >= n && !final) break records;
          fields.push(s.slice(i, k));
          i = k;
        }
        // After a field: delimiter, line end or end of input.
        if (i >= n) {
          pos = n;
          break;
        }
        c = s.charCodeAt(i);
        if (c === D) {
          i++;
          continue;
        }
        if (c === CR) {
          if (i + 1 >= n && !final) break records;
          i += s.charCodeAt(i + 1) === LF ? 2 : 1;
        } else i++;
        breaks++;
        pos = i;
        break;
      }
      const recLine = line;
      line += breaks;
      if (fields.length === 1 && fields[0] === "" && s.charCodeAt(recStart) !== QUOTE) continue; // blank line
      sink.record(fields, recLine);
    }
    this.buf = pos >= n ? "" : s.slice(pos);
    this.line = line;
  }

  /** Report a record whose quote at `open` never closes; returns where reading resumes. */
  private recover(s: string, recStart: number, open: number, fields: string[], line: number): number {
    const n = s.length;
    let end = open;
    while (end < n) {
      const c = s.charCodeAt(end);
      if (c === LF || c === CR) break;
      end++;
    }
    let next = end;
    if (next < n) next += s.charCodeAt(next) === CR && s.charCodeAt(next + 1) === LF ? 2 : 1;
    const column = fields.length + 1;
    this.sink.unclosed([...fields, s.slice(open, end)], line, column, s.slice(recStart, end));
    return next;
  }
}

/** Parse a whole (small) text: records with their lines. For tables such as --departments. */
export function parseCsvText(text: string, delimiter?: Delimiter): Array<{ fields: string[]; line: number }> {
  const out: Array<{ fields: string[]; line: number }> = [];
  const r = new CsvReader(
    {
      record: (fields, line) => out.push({ fields, line }),
      unclosed: (fields, line) => out.push({ fields, line }),
    },
    delimiter,
  );
  r.push(text);
  r.end();
  return out;
}

/**
 * Records of a UTF-8 CSV file written by stdz (re-reading an output, e.g. for the workbook),
 * one at a time. The BOM is dropped.
 */
export async function* csvFileRecords(file: string, delimiter: Delimiter = ","): AsyncGenerator<string[]> {
  const decoder = new TextDecoder("utf-8");
  let out: string[][] = [];
  const reader = new CsvReader(
    {
      record: (fields) => out.push(fields),
      unclosed: (fields) => out.push(fields),
    },
    delimiter,
  );
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 18 })) {
    reader.push(decoder.decode(chunk as Buffer, { stream: true }));
    if (out.length) {
      const batch = out;
      out = [];
      yield* batch;
    }
  }
  reader.push(decoder.decode());
  reader.end();
  yield* out;
}
