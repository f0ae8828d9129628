// The zip container of an .xlsx, read by random access: the central directory at the end of
// the file lists the parts, and one part is streamed through inflate without reading the rest.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  offset: number;
}

/** Not a zip file stdz can read (no central directory, zip64, an unknown compression). */
export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The parts of the zip `file`, by name. */
export async function zipEntries(file: string): Promise<Map<string, ZipEntry>> {
  const fh = await open(file, "r");
  try {
    const size = (await fh.stat()).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let at = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new ZipError("no zip central directory (the file is truncated or not a zip)");
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new ZipError("zip64 workbooks are not supported");
    if (cdOffset + cdSize > size) throw new ZipError("the zip central directory points past the end of the file");
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const out = new Map<string, ZipEntry>();
    for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL;) {
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const name = cd.toString("utf8", p + 46, p + 46 + nameLen);
      out.set(name, { name, method: cd.readUInt16LE(p + 10), compressedSize: cd.readUInt32LE(p + 20), offset: cd.readUInt32LE(p + 42) });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** The uncompressed bytes of one part, streamed. */
export async function entryStream(file: string, e: ZipEntry, onBytes?: (n: number) => void): Promise<Readable> {
  const fh = await open(file, "r");
  let start: number;
  try {
    const h = Buffer.alloc(30);
    await fh.read(h, 0, 30, e.offset);
    if (h.readUInt32LE(0) !== LOCAL) throw new ZipError(`bad local header for ${e.name}`);
    start = e.offset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (e.method !== 0 && e.method !== 8) throw new ZipError(`${e.name}: compression method ${e.method} is not supported`);
  const raw = createReadStream(file, { start, end: start + Math.max(0, e.compressedSize) - 1, highWaterMark: 1 << 20 });
  if (onBytes) raw.on("data", (c) => onBytes(c.length));
  if (e.method === 0) return raw;
  const inflate = createInflateRaw();
  raw.on("error", (err) => inflate.destroy(err));
  return raw.pipe(inflate);
}

/** A small part as text (workbook.xml, styles.xml, …); undefined when the zip lacks it. */
export async function entryText(file: string, entries: Map<string, ZipEntry>, name: string): Promise<string | undefined> {
  const e = entries.get(name);
  if (!e) return undefined;
  const chunks: Buffer[] = [];
  for await (const c of await entryStream(file, e)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
