import type { Range } from "../diagnostics.js";

/**
 * A fast reader for the plain YAML that standards are written in: block mappings and
 * sequences, one-line flow collections, plain and one-line quoted scalars, comments. It gives
 * exactly what the general loader (the `yaml` library) gives for such text — values, node and
 * key positions, number source text — and returns undefined for anything else (anchors, tags,
 * block or multi-line scalars, escapes, odd indentation, duplicate keys, errors), which then
 * goes to the general loader. Why: parsing a 1,000-content standard with the general loader
 * takes several times longer than everything else `stdz lint` does.
 * test/unit/yaml-fast.test.ts checks that both loaders agree, file by file and on random input.
 */
export interface FastYaml {
  value: Record<string, unknown>;
  pos: Map<string, Range>;
  keyPos: Map<string, Range>;
  numText: Map<string, string>;
}

const BAIL = Symbol("bail");
function bail(): never {
  throw BAIL;
}

type Tri = [number, number, number];
interface Parsed {
  value: unknown;
  range: Tri;
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
// Other core-schema forms (0o, 0x, .inf, .nan) are left to the general loader.
const OTHER_RE = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Characters that cannot start a plain scalar here (some could in YAML; those go the slow way). */
const NO_START = new Uint8Array(128);
for (const ch of "-?:,[]{}#&*!|>'\"%@`") NO_START[ch.charCodeAt(0)] = 1;
// Character codes compared in the hot loops (charCodeAt avoids allocating one-character strings).
const SP = 32, HASH = 35, COLON = 58, DASH = 45, COMMA = 44, LBR = 91, RBR = 93, LBC = 123, RBC = 125, DQ = 34, SQ = 39, DOT = 46;
/** Where a plain scalar in a flow collection may stop (checked one by one). */
const FLOW_STOP = /[,\]}[{:#\n]/g;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Whether a plain scalar may start with code c (followed by code d): '-' only before a digit or '.'. */
const plainStart = (c: number, d: number) => !Number.isNaN(c) && (c >= 128 || !NO_START[c] || (c === DASH && (isDigit(d) || d === DOT)));

/** Plain assignment keeps objects fast; "__proto__" must stay plain data, as in the general loader. */
function set(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const esc = (k: string) => (k.includes("~") || k.includes("/") ? k.replace(/~/g, "~0").replace(/\//g, "~1") : k);

export function parseFast(text: string): FastYaml | undefined {
  // Tabs, document markers and directives always take the general path.
  if (text.includes("\t") || /^(?:---|\.\.\.)(?:[ \r\n]|$)|^%/m.test(text)) return undefined;
  try {
    return new FastParser(text).run();
  } catch (e) {
    if (e === BAIL) return undefined;
    // Any surprise here is a reason to use the general loader, never a crash.
    return undefined;
  }
}

class FastParser {
  private readonly starts: number[] = [];
  /** End of each line's content (before \r\n or \n). */
  private readonly ends: number[] = [];
  /** Start of the next line (after the line break), or the text length. */
  private readonly nexts: number[] = [];
  private readonly n: number;
  /** Current line: the next significant line after the last node parsed. */
  private li = 0;
  private depth = 0;
  /** Line of the flow collection being read (flow collections stay on one line here). */
  private fl = 0;
  readonly pos = new Map<string, Range>();
  readonly keyPos = new Map<string, Range>();
  readonly numText = new Map<string, string>();

  constructor(private readonly t: string) {
    let s = 0;
    for (;;) {
      const nl = t.indexOf("\n", s);
      const end = nl < 0 ? t.length : nl;
      this.starts.push(s);
      this.ends.push(nl >= 0 && end > s && t.charCodeAt(end - 1) === 13 ? end - 1 : end);
      this.nexts.push(nl < 0 ? t.length : nl + 1);
      if (nl < 0) break;
      s = nl + 1;
    }
    this.n = this.starts.length;
    if (t.includes("\r")) for (let i = 0; i < this.n; i++) if (t.slice(this.starts[i], this.ends[i]).includes("\r")) bail();
  }

  run(): FastYaml {
    const li = this.sig(0);
    if (li >= this.n || this.indent(li) !== 0) bail();
    const c = this.starts[li]!;
    if (this.dashAt(c) || this.keyAt(li, c) === undefined) bail();
    const root = this.blockMap(li, c, "");
    if (this.li < this.n) bail();
    return { value: root.value as Record<string, unknown>, pos: this.pos, keyPos: this.keyPos, numText: this.numText };
  }

  // ---- positions ----

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Range of a node that starts and ends on line li (no search needed). */
  private on(li: number, a: number, b: number): Range {
    const s = this.starts[li]!;
    return { line: li + 1, column: a - s + 1, end_line: li + 1, end_column: b - s + 1 };
  }

  private range(a: number, b: number): Range {
    const la = this.lineOf(a);
    const lb = this.lineOf(b);
    return { line: la + 1, column: a - this.starts[la]! + 1, end_line: lb + 1, end_column: b - this.starts[lb]! + 1 };
  }

  // ---- lines ----

  /** First line at or after `li` holding something other than spaces and a comment. */
  private sig(li: number): number {
    const t = this.t;
    for (; li < this.n; li++) {
      let i = this.starts[li]!;
      const e = this.ends[li]!;
      while (i < e && t.charCodeAt(i) === SP) i++;
      if (i < e && t.charCodeAt(i) !== HASH) return li;
    }
    return li;
  }

  private indent(li: number): number {
    let i = this.starts[li]!;
    const e = this.ends[li]!;
    while (i < e && this.t.charCodeAt(i) === 32) i++;
    return i - this.starts[li]!;
  }

  private dashAt(c: number): boolean {
    const t = this.t;
    if (t.charCodeAt(c) !== DASH) return false;
    const d = t.charCodeAt(c + 1);
    return Number.isNaN(d) || d === SP || d === 10 || d === 13;
  }

  private skipSpaces(i: number, end: number): number {
    while (i < end && this.t.charCodeAt(i) === 32) i++;
    return i;
  }

  /** After a node on line li ending at `i`: only spaces and a comment may follow. */
  private restOfLine(li: number, i: number): void {
    const e = this.ends[li]!;
    const j = this.skipSpaces(i, e);
    if (j < e && !(this.t.charCodeAt(j) === HASH && j > i)) bail();
  }

  // ---- keys ----

  /** A mapping key at offset c of line li: its text, span and the offset after ':'; or undefined. */
  private keyAt(li: number, c: number): { text: string; s: number; e: number; after: number } | undefined {
    const t = this.t;
    const end = this.ends[li]!;
    const ch = t.charCodeAt(c);
    if (ch === DQ || ch === SQ) {
      const q = this.quoted(c, end);
      if (q === undefined) return undefined;
      if (t.charCodeAt(q.close) === COLON && (q.close + 1 >= end || t.charCodeAt(q.close + 1) === SP)) return { text: q.value, s: c, e: q.close, after: q.close + 1 };
      return undefined;
    }
    if (!plainStart(ch, t.charCodeAt(c + 1)) || ch === DASH) return undefined;
    // The key ends at the first ':' followed by a space or the line end; a comment first means no key.
    // (Searches run on the line alone: a slice is cheap, an unbounded indexOf is not.)
    const line = t.slice(c, end);
    let j = line.indexOf(":");
    while (j >= 0 && j + 1 < line.length && line.charCodeAt(j + 1) !== SP) j = line.indexOf(":", j + 1);
    if (j < 0) return undefined;
    const h = line.indexOf(" #");
    if (h >= 0 && h < j) return undefined;
    const i = c + j;
    if (t.charCodeAt(i - 1) === SP) bail();
    return { text: keyString(line.slice(0, j)), s: c, e: i, after: i + 1 };
  }

  /** A one-line quoted scalar starting at c: its value and the offset after the closing quote. */
  private quoted(c: number, end: number): { value: string; close: number } | undefined {
    const t = this.t;
    if (t.charCodeAt(c) === DQ) {
      const close = t.indexOf('"', c + 1);
      if (close < 0 || close >= end) bail();
      const body = t.slice(c + 1, close);
      if (body.includes("\\")) bail();
      return { value: body, close: close + 1 };
    }
    let i = c + 1;
    let out = "";
    for (;;) {
      const j = t.indexOf("'", i);
      if (j < 0 || j >= end) bail();
      out += t.slice(i, j);
      if (t.charCodeAt(j + 1) === SQ) {
        out += "'";
        i = j + 2;
        continue;
      }
      return { value: out, close: j + 1 };
    }
  }

  // ---- block collections ----

  private enter(): void {
    if (++this.depth > 100) bail();
  }

  /** A block mapping whose first key starts at offset c on line li; its entries are at that column. */
  private blockMap(li: number, c: number, ptr: string): Parsed {
    this.enter();
    const t = this.t;
    const col = c - this.starts[li]!;
    const obj: Record<string, unknown> = {};
    const seen = new Set<string>();
    const first = c;
    let last = c;
    for (;;) {
      const k = this.keyAt(li, c);
      if (!k) bail();
      if (seen.has(k.text)) bail();
      seen.add(k.text);
      const child = `${ptr}/${esc(k.text)}`;
      this.keyPos.set(child, this.on(li, k.s, k.e));
      const end = this.ends[li]!;
      const q = this.skipSpaces(k.after, end);
      let v: Parsed;
      if (q >= end || t.charCodeAt(q) === HASH) {
        if (q < end && q === k.after) bail();
        const nl = this.sig(li + 1);
        const ind = nl < this.n ? this.indent(nl) : -1;
        if (ind > col) v = this.blockNode(nl, child);
        else if (ind === col && this.dashAt(this.starts[nl]! + col)) v = this.blockSeq(nl, col, child);
        else {
          // An empty value: null where the value would start (a comment or the line end).
          v = { value: null, range: [q, q, q] };
          this.pos.set(child, this.on(li, q, q));
          this.li = nl;
        }
      } else {
        v = this.inline(li, q, child);
        this.li = this.sig(li + 1);
      }
      set(obj, k.text, v.value);
      last = v.range[1];
      li = this.li;
      if (li >= this.n) break;
      const ind = this.indent(li);
      if (ind < col) break;
      if (ind > col) bail();
      c = this.starts[li]! + col;
      if (this.dashAt(c)) bail();
    }
    this.depth--;
    this.pos.set(ptr, this.range(first, last));
    return { value: obj, range: [first, last, last] };
  }

  /** A block sequence whose dashes are at column `col`, starting on line li. */
  private blockSeq(li: number, col: number, ptr: string): Parsed {
    this.enter();
    const t = this.t;
    const arr: unknown[] = [];
    const first = this.starts[li]! + col;
    let last = first;
    for (;;) {
      const c = this.starts[li]! + col;
      if (!this.dashAt(c)) bail();
      const child = `${ptr}/${arr.length}`;
      const end = this.ends[li]!;
      const q = this.skipSpaces(c + 1, end);
      let v: Parsed;
      if (q >= end || t.charCodeAt(q) === HASH) {
        const nl = this.sig(li + 1);
        if (nl >= this.n || this.indent(nl) <= col) bail();
        v = this.blockNode(nl, child);
      } else if (this.dashAt(q)) {
        bail();
      } else if (this.keyAt(li, q)) {
        v = this.blockMap(li, q, child);
      } else {
        v = this.inline(li, q, child);
        this.li = this.sig(li + 1);
      }
      arr.push(v.value);
      last = v.range[1];
      li = this.li;
      if (li >= this.n) break;
      const ind = this.indent(li);
      if (ind < col) break;
      if (ind > col) bail();
      if (!this.dashAt(this.starts[li]! + col)) break;
    }
    this.depth--;
    this.pos.set(ptr, this.range(first, last));
    return { value: arr, range: [first, last, last] };
  }

  /** A block node on its own line (the value of `key:` or `-` written below it). */
  private blockNode(li: number, ptr: string): Parsed {
    const col = this.indent(li);
    const c = this.starts[li]! + col;
    if (this.dashAt(c)) return this.blockSeq(li, col, ptr);
    if (this.keyAt(li, c)) return this.blockMap(li, c, ptr);
    return bail();
  }

  // ---- one-line values ----

  /** A scalar or flow collection that ends line li (a comment may follow). */
  private inline(li: number, q: number, ptr: string): Parsed {
    const t = this.t;
    const end = this.ends[li]!;
    const next = this.nexts[li]!;
    const ch = t.charCodeAt(q);
    if (ch === DQ || ch === SQ) {
      const r = this.quoted(q, end)!;
      this.restOfLine(li, r.close);
      this.pos.set(ptr, this.on(li, q, r.close));
      return { value: r.value, range: [q, r.close, next] };
    }
    if (ch === LBR || ch === LBC) {
      this.fl = li;
      const f = this.flow(q, end, ptr);
      this.restOfLine(li, f.range[1]);
      return { value: f.value, range: [q, f.range[1], next] };
    }
    if (!plainStart(ch, t.charCodeAt(q + 1))) bail();
    // A plain scalar runs to a comment (" #") or the line end; ": " inside it, or ':' at its
    // very end, would make it a nested mapping, which the general loader reports.
    const line = t.slice(q, end);
    const h = line.indexOf(" #");
    let e = h >= 0 ? q + h : end;
    const colon = line.indexOf(": ");
    if ((colon >= 0 && q + colon < e) || (e === end && t.charCodeAt(end - 1) === COLON)) bail();
    while (e > q && t.charCodeAt(e - 1) === SP) e--;
    const raw = t.slice(q, e);
    this.pos.set(ptr, this.on(li, q, e));
    return { value: this.plain(raw, ptr), range: [q, e, next] };
  }

  /** Resolve a plain scalar by the YAML 1.2 core schema. */
  private plain(raw: string, ptr: string): unknown {
    const c = raw.charCodeAt(0);
    // Only text starting with a digit, sign, '.', '~' or n/N/t/T/f/F can be anything but a string.
    if (!(isDigit(c) || c === DASH || c === 43 || c === DOT || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70) && raw.length > 0) return raw;
    if (NULL_RE.test(raw)) return null;
    if (BOOL_RE.test(raw)) return raw[0] === "t" || raw[0] === "T";
    if (OTHER_RE.test(raw)) bail();
    if (INT_RE.test(raw)) {
      this.numText.set(ptr, raw);
      return parseInt(raw, 10);
    }
    if (FLOAT_RE.test(raw) || EXP_RE.test(raw)) {
      this.numText.set(ptr, raw);
      return parseFloat(raw);
    }
    return raw;
  }

  /** A flow collection that closes on the same line. range[1] is after the bracket, range[2] after spaces. */
  private flow(c: number, end: number, ptr: string): Parsed {
    this.enter();
    const t = this.t;
    const isSeq = t.charCodeAt(c) === LBR;
    const close = isSeq ? RBR : RBC;
    let p = this.skipSpaces(c + 1, end);
    let value: unknown;
    if (isSeq) {
      const arr: unknown[] = [];
      while (p < end && t.charCodeAt(p) !== RBR) {
        const v = this.flowNode(p, end, `${ptr}/${arr.length}`);
        arr.push(v.value);
        p = v.range[2];
        const x = t.charCodeAt(p);
        if (x === COMMA) p = this.skipSpaces(p + 1, end);
        else if (x !== RBR) bail();
      }
      value = arr;
    } else {
      const obj: Record<string, unknown> = {};
      const seen = new Set<string>();
      while (p < end && t.charCodeAt(p) !== RBC) {
        const k = this.flowKey(p, end);
        if (seen.has(k.text)) bail();
        seen.add(k.text);
        const child = `${ptr}/${esc(k.text)}`;
        this.keyPos.set(child, this.on(this.fl, k.s, k.e));
        const q = this.skipSpaces(k.after, end);
        if (q === k.after) bail();
        const v = this.flowNode(q, end, child);
        set(obj, k.text, v.value);
        p = v.range[2];
        const x = t.charCodeAt(p);
        if (x === COMMA) p = this.skipSpaces(p + 1, end);
        else if (x !== RBC) bail();
      }
      value = obj;
    }
    if (p >= end || t.charCodeAt(p) !== close) bail();
    const e1 = p + 1;
    this.depth--;
    this.pos.set(ptr, this.on(this.fl, c, e1));
    return { value, range: [c, e1, this.skipSpaces(e1, end)] };
  }

  private flowKey(p: number, end: number): { text: string; s: number; e: number; after: number } {
    const t = this.t;
    const ch = t.charCodeAt(p);
    if (ch === DQ || ch === SQ) {
      const q = this.quoted(p, end)!;
      if (t.charCodeAt(q.close) !== COLON) bail();
      return { text: q.value, s: p, e: q.close, after: q.close + 1 };
    }
    if (!plainStart(ch, t.charCodeAt(p + 1))) bail();
    for (let i = p; i < end; i++) {
      const x = t.charCodeAt(i);
      if (x === COLON && t.charCodeAt(i + 1) === SP) {
        if (t.charCodeAt(i - 1) === SP) bail();
        return { text: keyString(t.slice(p, i)), s: p, e: i, after: i + 1 };
      }
      if (x === COMMA || x === LBC || x === RBC || x === LBR || x === RBR || x === HASH || x === COLON) bail();
    }
    return bail();
  }

  private flowNode(p: number, end: number, ptr: string): Parsed {
    const t = this.t;
    const ch = t.charCodeAt(p);
    if (ch === LBR || ch === LBC) return this.flow(p, end, ptr);
    if (ch === DQ || ch === SQ) {
      const q = this.quoted(p, end)!;
      this.pos.set(ptr, this.on(this.fl, p, q.close));
      const e2 = this.skipSpaces(q.close, end);
      if (t.charCodeAt(e2) === COLON) bail();
      return { value: q.value, range: [p, q.close, e2] };
    }
    if (!plainStart(ch, t.charCodeAt(p + 1))) bail();
    let i = p;
    for (;;) {
      FLOW_STOP.lastIndex = i;
      const m = FLOW_STOP.exec(t);
      i = m ? m.index : end;
      if (i >= end) bail();
      const x = t.charCodeAt(i);
      if (x === COMMA || x === RBR || x === RBC) break;
      if (x === LBR || x === LBC) bail();
      if (x === COLON) {
        const y = t.charCodeAt(i + 1);
        if (i + 1 >= end || y === SP || y === COMMA || y === RBR || y === RBC) bail();
      }
      if (x === HASH && t.charCodeAt(i - 1) === SP) bail();
      i++;
    }
    let e = i;
    while (e > p && t.charCodeAt(e - 1) === SP) e--;
    const raw = t.slice(p, e);
    this.pos.set(ptr, this.on(this.fl, p, e));
    return { value: this.plain(raw, ptr), range: [p, e, i] };
  }
}

/** A plain key as the general loader names it: resolved by the core schema, then made a string. */
function keyString(raw: string): string {
  if (NULL_RE.test(raw)) bail();
  if (BOOL_RE.test(raw)) return String(raw[0] === "t" || raw[0] === "T");
  if (OTHER_RE.test(raw)) bail();
  if (INT_RE.test(raw)) return String(parseInt(raw, 10));
  if (FLOAT_RE.test(raw) || EXP_RE.test(raw)) return String(parseFloat(raw));
  return raw;
}
