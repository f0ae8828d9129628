import { isUtf8 } from "node:buffer";
import { diag, type Diagnostic } from "../diagnostics.js";
import { readInputFile } from "./inputs.js";

/** Offset of the first byte that is not valid UTF-8, or -1. */
export function invalidUtf8Offset(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Read a file the user named; a missing or unreadable file is a CLI001 error (exit 2). */
export async function readUserFile(file: string): Promise<Buffer> {
  // Sync: one file at a time either way, without a thread-pool round trip (or node:fs/promises).
  return readInputFile(file);
}

/** Decode strict UTF-8 (a BOM is dropped); undefined text with a YML005 diagnostic when invalid. */
export function decodeUtf8(buf: Uint8Array, file: string): { text?: string; diagnostic?: Diagnostic } {
  // The built-in check is native; the offset is only needed for the message.
  const bad = isUtf8(buf) ? -1 : invalidUtf8Offset(buf);
  if (bad >= 0) {
    return { diagnostic: diag("YML005", { offset: bad }, { file }) };
  }
  let text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}
