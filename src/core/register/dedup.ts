// Seen credit codes → the first row that had them, in about 20 bytes per code at a million
// rows (a Map of strings would take four times that). Exact: a code's first 17 characters
// (the 18th is their check character) are a base-31 number below 2^85, kept by row as a
// 53-bit high part and a 32-bit low part; an open-addressing table of row numbers finds them.

import { grow } from "../lib/grow.js";

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) VALUE[CHARSET.charCodeAt(i)] = i;
const TWO32 = 4294967296;

function hash(hi: number, lo: number): number {
  const h = (Math.imul((hi % TWO32) ^ Math.floor(hi / TWO32), 0x9e3779b1) ^ Math.imul(lo | 0, 0x85ebca6b)) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

export class CreditCodeIndex {
  /** Open-addressing table of row numbers (0 = empty). */
  private table: Int32Array;
  private mask: number;
  /** Each recorded row's code, by row number: the base-31 value's high (53-bit) and low (32-bit) parts. */
  private hi = new Float64Array(1024);
  private lo = new Uint32Array(1024);
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Record `code` (a valid 18-character credit code) as seen in `row` (≥ 1, each row at most
   * once). Returns 0 when the code is new, else the row that had it first (which stays recorded).
   */
  addOrGet(code: string, row: number): number {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 17; i++) {
      const v = VALUE[code.charCodeAt(i) & 127]!;
      const t = lo * 31 + (v < 0 ? 0 : v);
      lo = t % TWO32;
      hi = hi * 31 + Math.floor(t / TWO32);
    }
    let i = hash(hi, lo) & this.mask;
    for (;;) {
      const r = this.table[i]!;
      if (r === 0) break;
      if (this.hi[r] === hi && this.lo[r] === lo) return r;
      i = (i + 1) & this.mask;
    }
    if (row >= this.hi.length) {
      this.hi = grow(this.hi, row + 1);
      this.lo = grow(this.lo, row + 1);
    }
    this.hi[row] = hi;
    this.lo[row] = lo;
    this.table[i] = row;
    if (++this.count * 10 > this.table.length * 7) this.grow();
    return 0;
  }

  private grow(): void {
    const old = this.table;
    const cap = old.length * 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < old.length; j++) {
      const r = old[j]!;
      if (r === 0) continue;
      let i = hash(this.hi[r]!, this.lo[r]!) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = r;
    }
  }
}

/** A copy of `s` that shares no memory with the (possibly large) string it was sliced from. */
export function detach(s: string): string {
  if (s.length < 13) return s;
  return JSON.parse(JSON.stringify(s)) as string;
}

/** Names of rows without a credit code → first row (DESIGN.md: such rows are de-duplicated by name). */
export class NameIndex {
  private readonly seen = new Map<string, number>();
  addOrGet(name: string, row: number): number {
    const first = this.seen.get(name);
    if (first !== undefined) return first;
    this.seen.set(detach(name), row);
    return 0;
  }
}
