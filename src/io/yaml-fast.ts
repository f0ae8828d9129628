import type { Range } from "../diagnostics.js";
import { grow } from "../core/lib/grow.js";

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
  numText: Map<string, string>;
  /**
   * Node and key ranges by JSON pointer, from a tracking parse run by the first call (the
   * source document in yaml.ts calls it once, on its first `locate`): recording 25,000 ranges
   * and building their pointers would cost more than the rest of the parse, and a clean
   * `stdz lint` never reads them.
   */
  positions(): { node: Map<string, Range>; key: Map<string, Range> };
}

/**
 * Deeper documents take the general path, where the nesting check (YML010, nesting.ts) runs
 * first. Nothing this parser accepts within this depth is near that check's limit of 100
 * levels (each level here is at most two there), so parseYaml skips the check for what this
 * parser reads: it was a pass over the whole text on every lint.
 */
export const MAX_DEPTH = 40;

const BAIL = Symbol("bail");
/** Thrown by an untracked parse that meets a number needing its pointer. */
const TRACK = Symbol("track");
function bail(): never {
  throw BAIL;
}

const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
// Other core-schema forms (0o, 0x, .inf, .nan) are left to the general loader.
const OTHER_RE = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Characters that cannot start a plain scalar here (some could in YAML; those go the slow way). */
const NO_START = new Uint8Array(128);
for (const ch of "-?:,[]{}#&*!|>'\"%@`") NO_START[ch.charCodeAt(0)] = 1;
// Character codes compared in the hot loops (charCodeAt avoids allocating one-character strings).
const SP = 32,
  HASH = 35,
  COLON = 58,
  DASH = 45,
  COMMA = 44,
  LBR = 91,
  RBR = 93,
  LBC = 123,
  RBC = 125,
  DQ = 34,
  SQ = 39,
  DOT = 46;
/** Where a plain scalar in a flow collection may stop (checked one by one). */
const FLOW_STOP = /[,\]}[{:#\n]/g;
const SPACES = / */y;
/** Where a mapping key may end: ':' before a space or the line end; or a comment or the line break first. */
const KEY_STOP = /:(?= |\r?\n|$)| #|\n/g;
/** What ends a plain scalar's line: ": " (a nested mapping, which the general loader reports), a comment, the line break. */
const VALUE_STOP = /: | #|\n/g;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Whether a plain scalar may start with code c (followed by code d): '-' only before a digit or '.'. */
const plainStart = (c: number, d: number) => !Number.isNaN(c) && (c >= 128 || !NO_START[c] || (c === DASH && (isDigit(d) || d === DOT)));

/** Plain assignment keeps objects fast; "__proto__" must stay plain data, as in the general loader. */
function set(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Node ranges as a tracking parse records them: node ids and offsets, off the GC'd heap. */
class RangeLog {
  readonly ids: number[] = [];
  /** Per node: start offset, end offset, start line (-1: find it), end line. */
  offs = new Int32Array(1024);
  private n = 0;
  /** Record a node's range (lines -1 when not known; they are found from the offsets). */
  add(id: number, a: number, b: number, la: number, lb: number): void {
    this.ids.push(id);
    const i = this.n;
    if (i + 4 > this.offs.length) this.offs = grow(this.offs, i + 4);
    const o = this.offs;
    o[i] = a;
    o[i + 1] = b;
    o[i + 2] = la;
    o[i + 3] = lb;
    this.n = i + 4;
  }
  /** JSON pointer → Range, for every node recorded. */
  *ranges(starts: readonly number[], ptrOf: (id: number) => string): Iterable<[string, Range]> {
    const o = this.offs;
    for (let i = 0; i < this.ids.length; i++) {
      const a = o[4 * i]!,
        b = o[4 * i + 1]!;
      const la = o[4 * i + 2]! >= 0 ? o[4 * i + 2]! : lineOf(starts, a);
      const lb = o[4 * i + 3]! >= 0 ? o[4 * i + 3]! : lineOf(starts, b);
      yield [ptrOf(this.ids[i]!), { line: la + 1, column: a - starts[la]! + 1, end_line: lb + 1, end_column: b - starts[lb]! + 1 }];
    }
  }
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const esc = (k: string) => (k.includes("~") || k.includes("/") ? k.replace(/~/g, "~0").replace(/\//g, "~1") : k);

/** The result, with positions read from `parser` (a tracking parse) when asked for. */
function withPositions(value: Record<string, unknown>, parser: () => FastParser | null, numText: Map<string, string>): FastYaml {
  return {
    value,
    numText,
    positions: () => {
      const p = parser();
      return { node: new Map(p?.positions()), key: new Map(p?.keyPositions()) };
    },
  };
}

/** A tracking parse of text already read untracked; null cannot happen, and then positions are just unknown. */
function trackingParse(text: string): FastParser | null {
  try {
    const p = new FastParser(text, true);
    p.run();
    return p;
  } catch {
    return null;
  }
}

export function parseFast(text: string): FastYaml | undefined {
  // Tabs, byte-order marks inside the text, document markers and directives always take the general path.
  if (text.includes("\t") || text.includes("\ufeff") || /^(?:---|\.\.\.)(?:[ \r\n]|$)|^%/m.test(text)) return undefined;
  try {
    // Values only; positions come from a second, tracking parse if and when they are read.
    const value = new FastParser(text, false).run();
    let tracked: FastParser | null | undefined;
    return withPositions(value, () => (tracked === undefined ? (tracked = trackingParse(text)) : tracked), new Map());
  } catch (e) {
    // Bailing, or any surprise, is a reason to use the general loader, never a crash.
    if (e !== TRACK) return undefined;
    // A number that needs its source text (and so its pointer): parse with tracking now.
    try {
      const p = new FastParser(text, true);
      return withPositions(p.run(), () => p, p.numText);
    } catch {
      return undefined;
    }
  }
}

class FastParser {
  private readonly starts: number[] = [];
  /** End of each line's content (before \r\n or \n). */
  private readonly ends: number[] = [];
  /** Start of the next line (after the line break), or the text length. */
  private readonly nexts: number[] = [];
  /** Indentation of each line; -1 for a line holding only spaces or a comment. */
  private readonly ind: number[] = [];
  private readonly n: number;
  /** Current line: the next significant line after the last node parsed. */
  private li = 0;
  private depth = 0;
  /** Line of the flow collection being read (flow collections stay on one line here). */
  private fl = 0;
  /** Where the node just parsed ends, and where what follows it starts (after spaces, or the next line). */
  private end = 0;
  private after = 0;
  /** Node and key ranges, recorded only by a tracking parse. */
  private readonly pos = new RangeLog();
  private readonly keyPos = new RangeLog();
  readonly numText = new Map<string, string>();
  /**
   * Per node id (node 0 is the root): its parent's id, and where its key is written — or, for a
   * sequence entry, -1 and its index. Numbers only, no strings to keep alive: pointers are built
   * on demand from the source text.
   */
  private readonly parents: number[] = [-1];
  private readonly keyStarts: number[] = [-1];
  private readonly keyEnds: number[] = [0];
  private readonly ptrs: (string | undefined)[] = [""];
  /** Span of the key just read by keyAt/flowKey, and the offset after its ':'. */
  private ks = 0;
  private ke = 0;
  private ka = 0;
  /** The offset after the closing quote of the scalar just read by quoted(). */
  private qclose = 0;

  /** track: record node ids, ranges and number source texts (else values only). */
  constructor(
    private readonly t: string,
    private readonly track: boolean,
  ) {
    let s = 0;
    for (;;) {
      const nl = t.indexOf("\n", s);
      const end0 = nl < 0 ? t.length : nl;
      const end = nl >= 0 && end0 > s && t.charCodeAt(end0 - 1) === 13 ? end0 - 1 : end0;
      this.starts.push(s);
      this.ends.push(end);
      this.nexts.push(nl < 0 ? t.length : nl + 1);
      // Each line's indentation, found once (a native scan, not a loop per space).
      SPACES.lastIndex = s;
      SPACES.test(t);
      const j = SPACES.lastIndex;
      this.ind.push(j < end && t.charCodeAt(j) !== HASH ? j - s : -1);
      if (nl < 0) break;
      s = nl + 1;
    }
    this.n = this.starts.length;
    if (t.includes("\r")) for (let i = 0; i < this.n; i++) if (t.slice(this.starts[i], this.ends[i]).includes("\r")) bail();
  }

  positions(): Iterable<[string, Range]> {
    return this.pos.ranges(this.starts, (id) => this.ptrOf(id));
  }

  keyPositions(): Iterable<[string, Range]> {
    return this.keyPos.ranges(this.starts, (id) => this.ptrOf(id));
  }

  run(): Record<string, unknown> {
    const li = this.sig(0);
    if (li >= this.n || this.indent(li) !== 0) bail();
    const c = this.starts[li]!;
    const key = this.dashAt(c) ? undefined : this.keyAt(li, c);
    if (key === undefined) bail();
    const root = this.blockMap(li, c, 0, key);
    if (this.li < this.n) bail();
    return root as Record<string, unknown>;
  }

  // ---- nodes ----

  /** A mapping entry's node, its key being the one keyAt/flowKey just read. */
  private entry(parent: number): number {
    if (!this.track) return 0;
    this.parents.push(parent);
    this.keyStarts.push(this.ks);
    this.keyEnds.push(this.ke);
    return this.parents.length - 1;
  }

  private item(parent: number, index: number): number {
    if (!this.track) return 0;
    this.parents.push(parent);
    this.keyStarts.push(-1);
    this.keyEnds.push(index);
    return this.parents.length - 1;
  }

  /** The JSON pointer of a node, as Ajv's instancePath writes it. */
  private ptrOf(id: number): string {
    let p = this.ptrs[id];
    if (p === undefined) {
      const s = this.keyStarts[id]!;
      const e = this.keyEnds[id]!;
      const c = this.t.charCodeAt(s);
      const key = s < 0 ? String(e) : esc(c === DQ || c === SQ ? this.quoted(s, e) : keyString(this.t.slice(s, e)));
      p = `${this.ptrOf(this.parents[id]!)}/${key}`;
      this.ptrs[id] = p;
    }
    return p;
  }

  // ---- lines ----

  /** First line at or after `li` holding something other than spaces and a comment. */
  private sig(li: number): number {
    const ind = this.ind;
    while (li < this.n && ind[li]! < 0) li++;
    return li;
  }

  /** Indentation of a significant line. */
  private indent(li: number): number {
    return this.ind[li]!;
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

  /** A mapping key at offset c of line li: its text (its span and the offset after ':' in ks, ke, ka); or undefined. */
  private keyAt(li: number, c: number): string | undefined {
    const t = this.t;
    const end = this.ends[li]!;
    const ch = t.charCodeAt(c);
    if (ch === DQ || ch === SQ) {
      const v = this.quoted(c, end);
      const close = this.qclose;
      if (t.charCodeAt(close) !== COLON || (close + 1 < end && t.charCodeAt(close + 1) !== SP)) return undefined;
      this.ks = c;
      this.ke = close;
      this.ka = close + 1;
      return v;
    }
    if (!plainStart(ch, t.charCodeAt(c + 1)) || ch === DASH) return undefined;
    // The key ends at the first ':' followed by a space or the line end; a comment (or the
    // line's end) first means no key. One native search, stopped by the line break.
    KEY_STOP.lastIndex = c;
    if (!KEY_STOP.test(t)) return undefined;
    const i = KEY_STOP.lastIndex - 1;
    if (i >= end || t.charCodeAt(i) !== COLON) return undefined;
    if (t.charCodeAt(i - 1) === SP) bail();
    this.ks = c;
    this.ke = i;
    this.ka = i + 1;
    return keyString(t.slice(c, i));
  }

  /** A one-line quoted scalar starting at c: its value (the offset after the closing quote in qclose). */
  private quoted(c: number, end: number): string {
    const t = this.t;
    if (t.charCodeAt(c) === DQ) {
      const close = t.indexOf('"', c + 1);
      if (close < 0 || close >= end) bail();
      const body = t.slice(c + 1, close);
      if (body.includes("\\")) bail();
      this.qclose = close + 1;
      return body;
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
      this.qclose = j + 1;
      return out;
    }
  }

  // ---- block collections ----

  private enter(): void {
    if (++this.depth > MAX_DEPTH) bail();
  }

  /** A block mapping whose first key starts at offset c on line li; its entries are at that column. */
  private blockMap(li: number, c: number, id: number, firstKey: string): unknown {
    this.enter();
    const t = this.t;
    const col = c - this.starts[li]!;
    const obj: Record<string, unknown> = {};
    const first = c;
    let last = c;
    // The caller has just read the first key (ks, ke and ka still describe it).
    let key: string | undefined = firstKey;
    for (;;) {
      if (key === undefined) bail();
      if (Object.prototype.hasOwnProperty.call(obj, key)) bail();
      const after = this.ka;
      const child = this.entry(id);
      if (this.track) this.keyPos.add(child, this.ks, this.ke, li, li);
      const end = this.ends[li]!;
      const q = this.skipSpaces(after, end);
      let v: unknown;
      if (q >= end || t.charCodeAt(q) === HASH) {
        if (q < end && q === after) bail();
        const nl = this.sig(li + 1);
        const ind = nl < this.n ? this.indent(nl) : -1;
        if (ind > col) v = this.blockNode(nl, child);
        else if (ind === col && this.dashAt(this.starts[nl]! + col)) v = this.blockSeq(nl, col, child);
        else {
          // An empty value: null where the value would start (a comment or the line end).
          v = null;
          this.end = q;
          if (this.track) this.pos.add(child, q, q, li, li);
          this.li = nl;
        }
      } else {
        v = this.inline(li, q, child);
        this.li = this.sig(li + 1);
      }
      set(obj, key, v);
      last = this.end;
      li = this.li;
      if (li >= this.n) break;
      const ind = this.indent(li);
      if (ind < col) break;
      if (ind > col) bail();
      c = this.starts[li]! + col;
      if (this.dashAt(c)) bail();
      key = this.keyAt(li, c);
    }
    this.depth--;
    if (this.track) this.pos.add(id, first, last, -1, -1);
    this.end = this.after = last;
    return obj;
  }

  /** A block sequence whose dashes are at column `col`, starting on line li. */
  private blockSeq(li: number, col: number, id: number): unknown {
    this.enter();
    const t = this.t;
    const arr: unknown[] = [];
    const first = this.starts[li]! + col;
    let last = first;
    let k: string | undefined;
    for (;;) {
      const c = this.starts[li]! + col;
      if (!this.dashAt(c)) bail();
      const child = this.item(id, arr.length);
      const end = this.ends[li]!;
      const q = this.skipSpaces(c + 1, end);
      let v: unknown;
      if (q >= end || t.charCodeAt(q) === HASH) {
        const nl = this.sig(li + 1);
        if (nl >= this.n || this.indent(nl) <= col) bail();
        v = this.blockNode(nl, child);
      } else if (this.dashAt(q)) {
        bail();
      } else if ((k = this.keyAt(li, q)) !== undefined) {
        v = this.blockMap(li, q, child, k);
      } else {
        v = this.inline(li, q, child);
        this.li = this.sig(li + 1);
      }
      arr.push(v);
      last = this.end;
      li = this.li;
      if (li >= this.n) break;
      const ind = this.indent(li);
      if (ind < col) break;
      if (ind > col) bail();
      if (!this.dashAt(this.starts[li]! + col)) break;
    }
    this.depth--;
    if (this.track) this.pos.add(id, first, last, -1, -1);
    this.end = this.after = last;
    return arr;
  }

  /** A block node on its own line (the value of `key:` or `-` written below it). */
  private blockNode(li: number, id: number): unknown {
    const col = this.indent(li);
    const c = this.starts[li]! + col;
    if (this.dashAt(c)) return this.blockSeq(li, col, id);
    const key = this.keyAt(li, c);
    if (key !== undefined) return this.blockMap(li, c, id, key);
    return bail();
  }

  // ---- one-line values ----

  /** A scalar or flow collection that ends line li (a comment may follow). */
  private inline(li: number, q: number, id: number): unknown {
    const t = this.t;
    const end = this.ends[li]!;
    const next = this.nexts[li]!;
    const ch = t.charCodeAt(q);
    if (ch === DQ || ch === SQ) {
      const v = this.quoted(q, end);
      const close = this.qclose;
      this.restOfLine(li, close);
      if (this.track) this.pos.add(id, q, close, li, li);
      this.end = close;
      this.after = next;
      return v;
    }
    if (ch === LBR || ch === LBC) {
      this.fl = li;
      const f = this.flow(q, end, id);
      const e1 = this.end;
      this.restOfLine(li, e1);
      this.after = next;
      return f;
    }
    if (!plainStart(ch, t.charCodeAt(q + 1))) bail();
    // A plain scalar runs to a comment (" #") or the line end; ": " inside it, or ':' at its
    // very end, would make it a nested mapping, which the general loader reports.
    // One native search for what comes first: ": " (bail), " #" (the comment), the line break.
    let e = end;
    VALUE_STOP.lastIndex = q;
    if (VALUE_STOP.test(t)) {
      const c = t.charCodeAt(VALUE_STOP.lastIndex - 1);
      if (c === SP) bail();
      if (c === HASH) e = VALUE_STOP.lastIndex - 2;
    }
    if (e === end && t.charCodeAt(end - 1) === COLON) bail();
    while (e > q && t.charCodeAt(e - 1) === SP) e--;
    const raw = t.slice(q, e);
    if (this.track) this.pos.add(id, q, e, li, li);
    this.end = e;
    this.after = next;
    return this.plain(raw, id);
  }

  /** Resolve a plain scalar by the YAML 1.2 core schema. */
  private plain(raw: string, id: number): unknown {
    switch (plainKind(raw)) {
      case NULL:
        return null;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case INT:
        return this.number(parseInt(raw, 10), raw, id);
      case FLOAT:
        return this.number(parseFloat(raw), raw, id);
      default:
        return raw;
    }
  }

  /** A number, with its source text kept when the number does not print back as written. */
  private number(v: number, raw: string, id: number): number {
    if (String(v) !== raw) {
      if (!this.track) throw TRACK;
      this.numText.set(this.ptrOf(id), raw);
    }
    return v;
  }

  /** A flow collection that closes on the same line. Sets `end` after the bracket, `after` past the spaces that follow. */
  private flow(c: number, end: number, id: number): unknown {
    this.enter();
    const t = this.t;
    const isSeq = t.charCodeAt(c) === LBR;
    const close = isSeq ? RBR : RBC;
    let p = this.skipSpaces(c + 1, end);
    let value: unknown;
    if (isSeq) {
      const arr: unknown[] = [];
      while (p < end && t.charCodeAt(p) !== RBR) {
        const v = this.flowNode(p, end, this.item(id, arr.length));
        arr.push(v);
        p = this.after;
        const x = t.charCodeAt(p);
        if (x === COMMA) p = this.skipSpaces(p + 1, end);
        else if (x !== RBR) bail();
      }
      value = arr;
    } else {
      const obj: Record<string, unknown> = {};
      while (p < end && t.charCodeAt(p) !== RBC) {
        const key = this.flowKey(p, end);
        if (Object.prototype.hasOwnProperty.call(obj, key)) bail();
        const after = this.ka;
        const child = this.entry(id);
        if (this.track) this.keyPos.add(child, this.ks, this.ke, this.fl, this.fl);
        const q = this.skipSpaces(after, end);
        if (q === after) bail();
        const v = this.flowNode(q, end, child);
        set(obj, key, v);
        p = this.after;
        const x = t.charCodeAt(p);
        if (x === COMMA) p = this.skipSpaces(p + 1, end);
        else if (x !== RBC) bail();
      }
      value = obj;
    }
    if (p >= end || t.charCodeAt(p) !== close) bail();
    const e1 = p + 1;
    this.depth--;
    if (this.track) this.pos.add(id, c, e1, this.fl, this.fl);
    this.end = e1;
    this.after = this.skipSpaces(e1, end);
    return value;
  }

  private flowKey(p: number, end: number): string {
    const t = this.t;
    const ch = t.charCodeAt(p);
    if (ch === DQ || ch === SQ) {
      const v = this.quoted(p, end);
      const close = this.qclose;
      if (t.charCodeAt(close) !== COLON) bail();
      this.ks = p;
      this.ke = close;
      this.ka = close + 1;
      return v;
    }
    if (!plainStart(ch, t.charCodeAt(p + 1))) bail();
    for (let i = p; i < end; i++) {
      const x = t.charCodeAt(i);
      if (x === COLON && t.charCodeAt(i + 1) === SP) {
        if (t.charCodeAt(i - 1) === SP) bail();
        this.ks = p;
        this.ke = i;
        this.ka = i + 1;
        return keyString(t.slice(p, i));
      }
      if (x === COMMA || x === LBC || x === RBC || x === LBR || x === RBR || x === HASH || x === COLON) bail();
    }
    return bail();
  }

  private flowNode(p: number, end: number, id: number): unknown {
    const t = this.t;
    const ch = t.charCodeAt(p);
    if (ch === LBR || ch === LBC) return this.flow(p, end, id);
    if (ch === DQ || ch === SQ) {
      const v = this.quoted(p, end);
      const close = this.qclose;
      if (this.track) this.pos.add(id, p, close, this.fl, this.fl);
      const e2 = this.skipSpaces(close, end);
      if (t.charCodeAt(e2) === COLON) bail();
      this.end = close;
      this.after = e2;
      return v;
    }
    if (!plainStart(ch, t.charCodeAt(p + 1))) bail();
    let i = p;
    for (;;) {
      // test() rather than exec(): no match object to allocate per stop.
      FLOW_STOP.lastIndex = i;
      i = FLOW_STOP.test(t) ? FLOW_STOP.lastIndex - 1 : end;
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
    if (this.track) this.pos.add(id, p, e, this.fl, this.fl);
    this.end = e;
    this.after = i;
    return this.plain(raw, id);
  }
}

/** A plain key as the general loader names it: resolved by the core schema, then made a string. */
function keyString(raw: string): string {
  switch (plainKind(raw)) {
    case NULL:
      return bail();
    case TRUE:
      return "true";
    case FALSE:
      return "false";
    case INT:
      return String(parseInt(raw, 10));
    case FLOAT:
      return String(parseFloat(raw));
    default:
      return raw;
  }
}

const STRING = 0,
  NULL = 1,
  TRUE = 2,
  FALSE = 3,
  INT = 4,
  FLOAT = 5;

/**
 * What a plain scalar is by the YAML 1.2 core schema (null: "", ~, null, Null, NULL; booleans:
 * true/True/TRUE, false/False/FALSE; then ints, floats), looking at the first character first:
 * keys such as `title` and `text` need no regular expression at all. Forms left to the general
 * loader (0o, 0x, .inf, .nan) bail.
 */
function plainKind(raw: string): number {
  const n = raw.length;
  if (n === 0) return NULL;
  const c = raw.charCodeAt(0);
  if (isDigit(c) || c === DASH || c === 43 || c === DOT) {
    if (OTHER_RE.test(raw)) bail();
    if (INT_RE.test(raw)) return INT;
    if (FLOAT_RE.test(raw) || EXP_RE.test(raw)) return FLOAT;
    return STRING;
  }
  if (n > 5) return STRING;
  if (c === 126) return n === 1 ? NULL : STRING;
  if (c === 110 || c === 78) return raw === "null" || raw === "Null" || raw === "NULL" ? NULL : STRING;
  if (c === 116 || c === 84) return raw === "true" || raw === "True" || raw === "TRUE" ? TRUE : STRING;
  if (c === 102 || c === 70) return raw === "false" || raw === "False" || raw === "FALSE" ? FALSE : STRING;
  return STRING;
}
