// A small PDF reader for the report tests: page count and the text of each page, decoded through
// the fonts' ToUnicode CMaps. Chromium (Skia) writes plain objects (no object streams) with
// FlateDecode content streams; CJK fonts come out as Type0 or Type3 fonts whose codes are not
// Unicode, so text can only be read through ToUnicode — which is also what a reader's search and
// copy use, so a name found here is a name a person can find in the PDF.
import { inflateSync } from "node:zlib";

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString("latin1");
  const objs = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf("endobj", start);
    if (end < 0) break;
    const body = s.slice(start, end);
    const si = body.indexOf("stream");
    let dict = body;
    let stream: Buffer | undefined;
    if (si >= 0 && /^\s*<</.test(body)) {
      dict = body.slice(0, si);
      let dataStart = start + si + "stream".length;
      if (s[dataStart] === "\r") dataStart++;
      if (s[dataStart] === "\n") dataStart++;
      const lenM = /\/Length (\d+)(?! \d+ R)/.exec(dict);
      const dataEnd = lenM ? dataStart + Number(lenM[1]) : s.indexOf("endstream", dataStart);
      let raw = pdf.subarray(dataStart, dataEnd);
      if (/\/Filter\s*\/FlateDecode/.test(dict)) raw = inflateSync(raw);
      stream = raw;
    }
    objs.set(Number(m[1]), { dict, ...(stream ? { stream } : {}) });
    re.lastIndex = end;
  }
  return objs;
}

/** Value of a key that is either inline (`<<…>>`, `[…]`) or a reference (`N 0 R`) resolved once. */
function entry(dict: string, key: string, objs: Map<number, PdfObject>): string | undefined {
  const i = dict.search(new RegExp(`/${key}\\b`));
  if (i < 0) return undefined;
  let rest = dict.slice(i + key.length + 1).trimStart();
  const ref = /^(\d+) 0 R/.exec(rest);
  if (ref) return objs.get(Number(ref[1]))?.dict;
  if (rest.startsWith("<<") || rest.startsWith("[")) {
    const open = rest.startsWith("<<") ? "<<" : "[";
    const close = open === "<<" ? ">>" : "]";
    let depth = 0;
    for (let k = 0; k < rest.length; k++) {
      if (rest.startsWith(open, k)) {
        depth++;
        k += open.length - 1;
      } else if (rest.startsWith(close, k)) {
        depth--;
        if (depth === 0) return rest.slice(0, k + close.length);
        k += close.length - 1;
      }
    }
  }
  rest = rest.split(/[\s/]/)[0] ?? "";
  return rest;
}

interface CMap {
  bytes: number;
  map: Map<number, string>;
}

function hexToString(hex: string): string {
  let out = "";
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

function parseCMap(text: string): CMap {
  const cs = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(text);
  const bytes = cs ? cs[1]!.length / 2 : 2;
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1]!, 16), hexToString(m[2]!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      if (m[3]!.startsWith("[")) {
        const dsts = [...m[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => hexToString(x[1]!));
        for (let c = lo; c <= hi; c++) map.set(c, dsts[c - lo] ?? "");
      } else {
        const base = m[3]!.slice(1, -1);
        const head = hexToString(base.slice(0, -4));
        const last = parseInt(base.slice(-4), 16);
        for (let c = lo; c <= hi; c++) map.set(c, head + String.fromCharCode(last + c - lo));
      }
    }
  }
  return { bytes, map };
}

function literalBytes(lit: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < lit.length; i++) {
    const ch = lit[i]!;
    if (ch !== "\\") {
      out.push(ch.charCodeAt(0) & 0xff);
      continue;
    }
    const n = lit[++i]!;
    const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };
    if (n in esc) out.push(esc[n]!);
    else if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(lit[i + 1] ?? "")) oct += lit[++i];
      out.push(parseInt(oct, 8) & 0xff);
    }
  }
  return out;
}

function decode(bytesArr: number[], cmap: CMap | undefined): string {
  if (!cmap) return "";
  let out = "";
  for (let i = 0; i + cmap.bytes <= bytesArr.length; i += cmap.bytes) {
    let code = 0;
    for (let k = 0; k < cmap.bytes; k++) code = code * 256 + bytesArr[i + k]!;
    out += cmap.map.get(code) ?? "";
  }
  return out;
}

/** Text of a content stream: strings shown by Tj / TJ / ' / ", decoded with the current font. */
function hexBytes(hex: string): number[] {
  const h = hex.replace(/\s+/g, "");
  const bytes: number[] = [];
  for (let i = 0; i + 2 <= h.length; i += 2) bytes.push(parseInt(h.slice(i, i + 2), 16));
  return bytes;
}

/** A PDF text string: UTF-16BE with a BOM, else bytes as Latin-1. */
function textString(bytes: number[]): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let out = "";
    for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! * 256 + bytes[i + 1]!);
    return out;
  }
  return String.fromCharCode(...bytes);
}

/**
 * Text of a content stream: strings shown by Tj / TJ, decoded with the current font. A marked
 * span with /ActualText (Skia writes one where a glyph's ToUnicode would be ambiguous, e.g. 一
 * drawn with the glyph shared by the Kangxi radical ⼀) replaces the text it encloses.
 */
function contentText(content: string, fonts: Map<string, CMap>): string {
  let font: CMap | undefined;
  let out = "";
  let actual = 0;
  const tok =
    /\/ActualText\s*(?:<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\))|\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|<<|<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)|\b(ET|EMC|BDC|BMC)\b/g;
  let m: RegExpExecArray | null;
  let depth = 0;
  while ((m = tok.exec(content))) {
    if (m[1] !== undefined || m[2] !== undefined) {
      out += textString(m[1] !== undefined ? hexBytes(m[1]) : literalBytes(m[2]!));
      actual = depth + 1;
    } else if (m[3] !== undefined) font = fonts.get(m[3]);
    else if (m[4] !== undefined) {
      if (!actual) out += decode(hexBytes(m[4]), font);
    } else if (m[5] !== undefined) {
      if (!actual) out += decode(literalBytes(m[5]), font);
    } else if (m[6] === "BDC" || m[6] === "BMC") depth++;
    else if (m[6] === "EMC") {
      if (actual === depth) actual = 0;
      depth = Math.max(0, depth - 1);
    } else if (m[6] === "ET") out += "\n";
  }
  return out;
}

/**
 * Compatibility characters a font's ToUnicode may give for CJK and Latin glyphs (Kangxi and CJK
 * radicals, ligatures such as ﬁ) folded to the characters people type, as PDF readers do.
 */
function foldCompat(s: string): string {
  return s.replace(/[\u2e80-\u2fdf\ufb00-\ufb06]/g, (c) => c.normalize("NFKC"));
}

export interface PdfText {
  pages: number;
  /** Text of each page, in content order (runs joined, a line break after each text object). */
  text: string[];
}

export function readPdf(pdf: Buffer): PdfText {
  if (pdf.subarray(0, 5).toString("latin1") !== "%PDF-") throw new Error("not a PDF");
  const objs = parseObjects(pdf);
  const cmaps = new Map<number, CMap>();
  const text: string[] = [];
  // Document order: walk the page tree from the catalog's /Pages through /Kids.
  const isPage = (d: string) => /\/Type\s*\/Page(?!s)\b/.test(d);
  const pageIds: number[] = [];
  const walk = (id: number, depth: number): void => {
    const o = objs.get(id);
    if (!o || depth > 32) return;
    if (isPage(o.dict)) {
      pageIds.push(id);
      return;
    }
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict);
    for (const k of kids ? kids[1]!.matchAll(/(\d+) 0 R/g) : []) walk(Number(k[1]), depth + 1);
  };
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog\b/.test(o.dict));
  const rootPages = catalog && /\/Pages (\d+) 0 R/.exec(catalog.dict);
  if (rootPages) walk(Number(rootPages[1]), 0);
  if (pageIds.length === 0) for (const [id, o] of objs) if (isPage(o.dict)) pageIds.push(id);
  for (const id of pageIds) {
    const page = objs.get(id)!;
    const resources = entry(page.dict, "Resources", objs) ?? "";
    const fontDict = entry(resources, "Font", objs) ?? "";
    const fonts = new Map<string, CMap>();
    for (const f of fontDict.matchAll(/\/([^\s/<>]+)\s+(\d+) 0 R/g)) {
      const fid = Number(f[2]);
      const fobj = objs.get(fid);
      if (!fobj) continue;
      const tu = /\/ToUnicode (\d+) 0 R/.exec(fobj.dict);
      if (!tu) continue;
      const tuId = Number(tu[1]);
      let cm = cmaps.get(tuId);
      if (!cm) {
        const st = objs.get(tuId)?.stream;
        if (!st) continue;
        cm = parseCMap(st.toString("latin1"));
        cmaps.set(tuId, cm);
      }
      fonts.set(f[1]!, cm);
    }
    const contents = entry(page.dict, "Contents", objs);
    const refs = /^\[/.test(contents ?? "")
      ? [...contents!.matchAll(/(\d+) 0 R/g)].map((x) => Number(x[1]))
      : [Number(/\/Contents (\d+) 0 R/.exec(page.dict)?.[1])];
    let t = "";
    for (const r of refs) {
      const st = objs.get(r)?.stream;
      if (st) t += contentText(st.toString("latin1"), fonts);
    }
    text.push(foldCompat(t));
  }
  return { pages: pageIds.length, text };
}
