// Decoding registers as Excel saves them: UTF-8 with or without BOM ("CSV UTF-8"), GBK /
// GB18030 ("CSV" on a Chinese Windows), UTF-16 with BOM ("Unicode text"). In auto mode the
// encoding is decided at the first byte that is not ASCII: valid UTF-8 there means UTF-8,
// anything else GB18030 (a superset of GBK). ASCII before that decodes the same either way.
import { isAscii, isUtf8 } from "node:buffer";
import { createRequire } from "node:module";
import { invalidUtf8Offset } from "./text.js";

export type EncodingName = "utf8" | "gbk" | "gb18030" | "utf16le" | "utf16be";
export type EncodingOption = "auto" | EncodingName;

export const ENCODING_LABEL: Record<EncodingName, string> = {
  utf8: "UTF-8",
  gbk: "GBK",
  gb18030: "GB18030",
  utf16le: "UTF-16LE",
  utf16be: "UTF-16BE",
};

/** The file cannot be read in the encoding chosen or detected. */
export class DecodeError extends Error {
  constructor(
    readonly encoding: EncodingName,
    readonly offset: number,
  ) {
    super(`not valid ${encoding} near byte ${offset}`);
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

const require = createRequire(import.meta.url);
type Iconv = { getDecoder(enc: string, opts?: { stripBOM?: boolean }): { write(b: Buffer): string; end(): string | undefined } };
let iconv: Iconv | undefined;
function iconvDecoder(enc: EncodingName): StreamDecoder {
  iconv ??= require("iconv-lite") as Iconv;
  const d = iconv.getDecoder(enc === "utf16le" ? "utf-16le" : enc === "utf16be" ? "utf-16be" : enc, { stripBOM: true });
  return { write: (b) => d.write(b), end: () => d.end() ?? "" };
}

/** Strict UTF-8; `chunkStart()` is the file offset of the chunk being decoded, for error positions. */
function utf8Decoder(chunkStart: () => number): StreamDecoder {
  const td = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let tail = Buffer.alloc(0);
  return {
    write(b) {
      try {
        return td.decode(b, { stream: true });
      } catch {
        const bad = invalidUtf8Offset(Buffer.concat([tail, b]));
        throw new DecodeError("utf8", Math.max(0, chunkStart() - tail.length + Math.max(bad, 0)));
      } finally {
        tail = Buffer.from(b.subarray(Math.max(0, b.length - 3)));
      }
    },
    end() {
      try {
        return td.decode();
      } catch {
        throw new DecodeError("utf8", chunkStart());
      }
    },
  };
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

export class RegisterDecoder {
  private dec: StreamDecoder | undefined;
  private chosen: EncodingName | undefined;
  /** Bytes consumed so far (for progress and error positions). */
  bytes = 0;
  private chunkStart = 0;
  private first = true;

  constructor(private readonly option: EncodingOption) {
    if (option !== "auto") this.use(option);
  }

  /** The encoding in use; undefined while everything so far was ASCII (auto mode). */
  get encoding(): EncodingName | undefined {
    return this.chosen;
  }

  private use(enc: EncodingName): void {
    this.chosen = enc;
    this.dec = enc === "utf8" ? utf8Decoder(() => this.chunkStart) : iconvDecoder(enc);
  }

  write(b: Buffer): string {
    this.chunkStart = this.bytes;
    if (this.first) {
      this.first = false;
      if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) throw new NotTextError("xlsx");
      if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) throw new NotTextError("xls");
      if (this.option === "auto") {
        if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.use("utf8");
        else if (b[0] === 0xff && b[1] === 0xfe) this.use("utf16le");
        else if (b[0] === 0xfe && b[1] === 0xff) this.use("utf16be");
        else if (b.subarray(0, 4096).includes(0)) throw new NotTextError("binary");
      }
    }
    this.bytes += b.length;
    if (this.dec) return this.dec.write(b);
    // Auto, undecided: ASCII reads the same in every candidate.
    if (isAscii(b)) return b.toString("latin1");
    this.use(isUtf8(b.subarray(0, completeUtf8Length(b))) ? "utf8" : "gb18030");
    return this.dec!.write(b);
  }

  end(): string {
    if (!this.dec) {
      this.chosen ??= "utf8";
      return "";
    }
    return this.dec.end();
  }
}
