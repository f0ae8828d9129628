// Decoding registers as Excel saves them: UTF-8 with or without BOM ("CSV UTF-8"), GBK /
// GB18030 ("CSV" on a Chinese Windows), UTF-16 with BOM ("Unicode text").
//
// The encoding is decided once, at the first chunk that is not ASCII (ASCII before it reads the
// same in every candidate), by counting well-formed and broken sequences in that chunk:
// UTF-8 when it is valid UTF-8 except in a few places (at most one broken sequence per ten
// well-formed ones), else GB18030 (a superset of GBK) when that reads it with as few breaks. So a
// UTF-8 register with one damaged cell stays UTF-8. After the decision decoding is lenient:
// broken bytes become U+FFFD and are counted (`invalid`), so the reader can reject the rows
// that hold them instead of the whole file. A file that is broken in many places in every
// candidate, or that is plainly in another encoding than --encoding names, is a DecodeError
// with its line and column and, where the bytes say it, the encoding it is in.
import { isAscii, isUtf8 } from "node:buffer";
import { createRequire } from "node:module";

export type EncodingName = "utf8" | "gbk" | "gb18030" | "utf16le" | "utf16be";
export type EncodingOption = "auto" | EncodingName;

export const ENCODING_LABEL: Record<EncodingName, string> = {
  utf8: "UTF-8",
  gbk: "GBK",
  gb18030: "GB18030",
  utf16le: "UTF-16LE",
  utf16be: "UTF-16BE",
};

/** What the bytes say the file is: by its byte order mark, by decoding cleanly (or with few breaks), or by UTF-16's zero bytes. */
export interface FoundEncoding {
  encoding: EncodingName;
  by: "bom" | "decodes" | "mostly" | "zeros";
}

/** The file cannot be read in the encoding chosen or detected. Line and column are 1-based (columns in characters). */
export class DecodeError extends Error {
  constructor(
    readonly encoding: EncodingName,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly found?: FoundEncoding,
  ) {
    super(`not valid ${encoding} near byte ${offset} (line ${line}, column ${column})`);
  }
}

/** The file is not a text file at all (an Excel workbook, say). */
export class NotTextError extends Error {
  constructor(readonly kind: "xlsx" | "xls" | "binary") {
    super(kind);
  }
}

interface StreamDecoder {
  write(b: Buffer): string;
  end(): string;
}

const REPLACEMENT = "\uFFFD";
/** U+FFFD as it is written in each encoding: such bytes are text, not damage. */
const REPLACEMENT_BYTES: Partial<Record<EncodingName, Buffer>> = {
  utf8: Buffer.from([0xef, 0xbf, 0xbd]),
  gb18030: Buffer.from([0x84, 0x31, 0xa4, 0x37]),
  utf16le: Buffer.from([0xfd, 0xff]),
  utf16be: Buffer.from([0xff, 0xfd]),
};

const require = createRequire(import.meta.url);
type Iconv = { getDecoder(enc: string, opts?: { stripBOM?: boolean }): { write(b: Buffer): string; end(): string | undefined } };
let iconv: Iconv | undefined;
function iconvDecoder(enc: EncodingName): StreamDecoder {
  iconv ??= require("iconv-lite") as Iconv;
  const d = iconv.getDecoder(enc === "utf16le" ? "utf-16le" : enc === "utf16be" ? "utf-16be" : enc, { stripBOM: true });
  return { write: (b) => d.write(b), end: () => d.end() ?? "" };
}

/** Lenient UTF-8 (broken sequences become U+FFFD); the BOM is dropped. */
function utf8Decoder(): StreamDecoder {
  const td = new TextDecoder("utf-8", { ignoreBOM: false });
  return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
}

function countOf(s: string, what: string): number {
  let n = 0;
  for (let i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length)) n++;
  return n;
}

function countBytes(b: Buffer, what: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(what); i >= 0; i = b.indexOf(what, i + what.length)) n++;
  return n;
}

/** Length of `b` without a trailing incomplete UTF-8 sequence. */
function completeUtf8Length(b: Buffer): number {
  for (let back = 1; back <= 3 && back <= b.length; back++) {
    const x = b[b.length - back]!;
    if ((x & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (x >= 0xc0) {
      const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2;
      return need > back ? b.length - back : b.length;
    }
    return b.length;
  }
  return b.length;
}

/** Well-formed multi-byte sequences and broken ones in a chunk, and where the first broken one starts (-1: none). */
export interface SequenceStats {
  valid: number;
  invalid: number;
  firstInvalid: number;
}

/** UTF-8 sequences in `b` (a sequence cut by the chunk's end is not counted). */
export function utf8Stats(b: Uint8Array): SequenceStats {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  const n = b.length;
  let i = 0;
  while (i < n) {
    const x = b[i]!;
    if (x < 0x80) {
      i++;
      continue;
    }
    const need = x >= 0xc2 && x <= 0xdf ? 1 : x >= 0xe0 && x <= 0xef ? 2 : x >= 0xf0 && x <= 0xf4 ? 3 : 0;
    if (need > 0 && i + need >= n) break; // cut by the chunk's end
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const c = b[i + k]!;
      let lo = 0x80;
      let hi = 0xbf;
      // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
      if (k === 1) {
        if (x === 0xe0) lo = 0xa0;
        else if (x === 0xed) hi = 0x9f;
        else if (x === 0xf0) lo = 0x90;
        else if (x === 0xf4) hi = 0x8f;
      }
      if (c < lo || c > hi) ok = false;
    }
    if (ok) {
      valid++;
      i += need + 1;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
      while (i < n && (b[i]! & 0xc0) === 0x80) i++; // the rest of the broken sequence
    }
  }
  return { valid, invalid, firstInvalid };
}

/** GB18030 sequences in `b` (two bytes 81–FE 40–FE except 7F, or four bytes 81–FE 30–39 81–FE 30–39). */
export function gb18030Stats(b: Uint8Array): SequenceStats {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  const n = b.length;
  let i = 0;
  while (i < n) {
    const x = b[i]!;
    if (x < 0x80) {
      i++;
      continue;
    }
    let len = 0;
    if (x >= 0x81 && x <= 0xfe) {
      if (i + 1 >= n) break; // cut by the chunk's end
      const c = b[i + 1]!;
      if ((c >= 0x40 && c <= 0x7e) || (c >= 0x80 && c <= 0xfe)) len = 2;
      else if (c >= 0x30 && c <= 0x39) {
        if (i + 3 >= n) break;
        const d = b[i + 2]!;
        const e = b[i + 3]!;
        if (d >= 0x81 && d <= 0xfe && e >= 0x30 && e <= 0x39) len = 4;
      }
    }
    if (len > 0) {
      valid++;
      i += len;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { valid, invalid, firstInvalid };
}

/** Broken in a few places only: at most one broken sequence per ten well-formed ones. */
function mostlyValid(s: SequenceStats): boolean {
  return s.invalid * 10 <= s.valid;
}

function foundBy(encoding: EncodingName, s: SequenceStats): FoundEncoding | undefined {
  return s.invalid === 0 ? { encoding, by: "decodes" } : mostlyValid(s) ? { encoding, by: "mostly" } : undefined;
}

/** UTF-16 without a BOM: zero bytes (the high half of ASCII characters) nearly all on one side of each pair. */
function utf16ByZeros(b: Uint8Array): EncodingName | undefined {
  let even = 0;
  let odd = 0;
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) {
    if (b[i] !== 0) continue;
    if (i % 2) odd++;
    else even++;
  }
  const zeros = even + odd;
  if (zeros < 2) return undefined;
  if (odd >= zeros * 0.9) return "utf16le";
  if (even >= zeros * 0.9) return "utf16be";
  return undefined;
}

/** Bytes (from the first that is not ASCII) on which the encoding is decided, unless the file ends first. */
const DECIDE_ON = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

export class RegisterDecoder {
  private dec: StreamDecoder | undefined;
  private chosen: EncodingName | undefined;
  /** Bytes consumed so far (for progress and error positions). */
  bytes = 0;
  /** Broken sequences decoded as U+FFFD so far (rows holding them are the reader's to report). */
  invalid = 0;
  private first = true;
  /** Before the decision: the line the next byte is on, the file offset where that line starts, a CR just seen. */
  private line = 1;
  private lineStart = 0;
  private lastCR = false;
  /** Bytes held back until the encoding is decided. */
  private pending: Buffer | undefined;

  constructor(private readonly option: EncodingOption) {}

  /** The encoding in use; undefined while everything so far was ASCII (auto mode). */
  get encoding(): EncodingName | undefined {
    return this.chosen;
  }

  private use(enc: EncodingName): void {
    this.chosen = enc;
    this.dec = enc === "utf8" ? utf8Decoder() : iconvDecoder(enc);
  }

  write(b: Buffer): string {
    if (this.first) {
      this.first = false;
      this.sniff(b);
    }
    this.bytes += b.length;
    if (!this.dec) {
      // Undecided: ASCII reads the same in every candidate. Bytes that are not ASCII wait until
      // there are enough of them to decide on (a few bytes at a chunk's end say little).
      if (!this.pending && isAscii(b)) {
        this.countLines(b, this.bytes - b.length);
        return b.toString("latin1");
      }
      // Copied: the caller reads the next chunk into the same buffer.
      this.pending = this.pending ? Buffer.concat([this.pending, b]) : Buffer.from(b);
      if (this.pending.length < DECIDE_ON) return "";
      b = this.pending;
      this.pending = undefined;
      this.decide(b, this.bytes - b.length);
    }
    return this.decode(b);
  }

  end(): string {
    let s = "";
    if (this.pending) {
      const b = this.pending;
      this.pending = undefined;
      this.decide(b, this.bytes - b.length);
      s = this.decode(b);
    }
    if (!this.dec) {
      this.chosen ??= this.option === "auto" ? "utf8" : this.option;
      return s;
    }
    const tail = this.dec.end();
    if (tail.indexOf(REPLACEMENT) >= 0) this.invalid += countOf(tail, REPLACEMENT);
    return s + tail;
  }

  private decode(b: Buffer): string {
    const s = this.dec!.write(b);
    if (s.indexOf(REPLACEMENT) >= 0) this.countInvalid(s, b);
    return s;
  }

  /** The first bytes: workbooks, byte order marks, UTF-16 without one, binary files. */
  private sniff(b: Buffer): void {
    if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) throw new NotTextError("xlsx");
    if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) throw new NotTextError("xls");
    const bom: EncodingName | undefined =
      b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf
        ? "utf8"
        : b[0] === 0xff && b[1] === 0xfe
          ? "utf16le"
          : b[0] === 0xfe && b[1] === 0xff
            ? "utf16be"
            : undefined;
    const opt = this.option;
    if (bom) {
      // A BOM is the file's own word; --encoding gbk on a UTF-8 file (or utf8 on UTF-16) would misread every character.
      if (opt !== "auto" && opt !== bom) throw new DecodeError(opt, 0, 1, 1, { encoding: bom, by: "bom" });
      this.use(bom);
      return;
    }
    if (opt === "utf16le" || opt === "utf16be") {
      this.use(opt);
      return;
    }
    if (b.subarray(0, 4096).includes(0)) {
      const u16 = utf16ByZeros(b);
      if (u16) throw new DecodeError(opt === "auto" ? "utf8" : opt, 0, 1, 1, { encoding: u16, by: "zeros" });
      throw new NotTextError("binary");
    }
  }

  /** The first chunk that is not ASCII decides (see the top of this file). */
  private decide(b: Buffer, chunkStart: number): void {
    const whole = b.subarray(0, completeUtf8Length(b));
    const u = isUtf8(whole) ? { valid: 1, invalid: 0, firstInvalid: -1 } : utf8Stats(whole);
    const opt = this.option;
    if (opt === "auto") {
      if (u.invalid === 0 || mostlyValid(u)) return this.use("utf8");
      const g = gb18030Stats(b);
      if (mostlyValid(g)) return this.use("gb18030");
      throw this.errorAt(b, chunkStart, u.firstInvalid, "utf8", undefined);
    }
    if (opt === "utf8") {
      if (mostlyValid(u)) return this.use("utf8");
      const g = gb18030Stats(b);
      throw this.errorAt(b, chunkStart, u.firstInvalid, "utf8", foundBy("gb18030", g));
    }
    // GBK or GB18030 named: refuse a file that is plainly UTF-8 (its characters would all be misread).
    const g = gb18030Stats(b);
    if (g.invalid > 0 && u.valid > 0 && mostlyValid(u)) throw this.errorAt(b, chunkStart, g.firstInvalid, opt, foundBy("utf8", u));
    if (!mostlyValid(g)) throw this.errorAt(b, chunkStart, g.firstInvalid, opt, undefined);
    this.use(opt);
  }

  private countInvalid(s: string, b: Buffer): void {
    const enc = this.chosen!;
    const own = REPLACEMENT_BYTES[enc === "gbk" ? "gb18030" : enc];
    if (enc === "utf8" && isUtf8(b)) return; // a U+FFFD written in the file, and no damage
    this.invalid += Math.max(0, countOf(s, REPLACEMENT) - (own ? countBytes(b, own) : 0));
  }

  /** Line breaks (LF, CRLF or CR alone) in an ASCII chunk read before the decision. */
  private countLines(b: Buffer, chunkStart: number, end = b.length): void {
    for (let i = 0; i < end; i++) {
      const c = b[i];
      if (c === LF) {
        if (!this.lastCR) this.line++;
        this.lastCR = false;
        this.lineStart = chunkStart + i + 1;
      } else if (c === CR) {
        this.line++;
        this.lastCR = true;
        this.lineStart = chunkStart + i + 1;
      } else this.lastCR = false;
    }
  }

  /** A DecodeError at byte `at` of the deciding chunk, with its line and column. */
  private errorAt(b: Buffer, chunkStart: number, at: number, encoding: EncodingName, found: FoundEncoding | undefined): DecodeError {
    const i = Math.max(0, at);
    this.countLines(b, chunkStart, i);
    // Characters from the line's start: ASCII in earlier chunks, then this chunk's bytes read as UTF-8 (or as one per byte pair in GB).
    const from = Math.max(0, this.lineStart - chunkStart);
    const before = b.subarray(from, i);
    const chars = encoding === "utf8" || found?.encoding === "utf8" ? [...before.toString("utf8")].length : gbChars(before);
    const column = Math.max(0, chunkStart - this.lineStart) + chars + 1;
    return new DecodeError(encoding, chunkStart + i, this.line, column, found);
  }
}

/** Characters in GB18030 bytes (by sequence lengths; broken bytes count one each). */
function gbChars(b: Uint8Array): number {
  const s = gb18030Stats(b);
  let ascii = 0;
  for (const x of b) if (x < 0x80) ascii++;
  return ascii + s.valid + s.invalid;
}
