// Seen credit codes → the first row that had them, in about 16 bytes per code at a million
// rows (a Map of strings would take five times that). Exact: a code's first 17 characters
// (the 18th is their check character) are a base-31 number below 2^85, kept as a 53-bit high
// part and a 32-bit low part in an open-addressing table.

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) VALUE[CHARSET.charCodeAt(i)] = i;
const TWO32 = 4294967296;

function hash(hi: number, lo: number): number {
  const h = (Math.imul((hi % TWO32) ^ Math.floor(hi / TWO32), 0x9e3779b1) ^ Math.imul(lo | 0, 0x85ebca6b)) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

export class CreditCodeIndex {
  private hi: Float64Array;
  private lo: Uint32Array;
  private rows: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.hi = new Float64Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Record `code` (a valid 18-character credit code) as seen in `row` (≥ 1). Returns 0 when
   * it is new, else the row that had it first (which stays recorded).
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
      const r = this.rows[i]!;
      if (r === 0) break;
      if (this.hi[i] === hi && this.lo[i] === lo) return r;
      i = (i + 1) & this.mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.rows[i] = row;
    if (++this.count * 10 > this.rows.length * 7) this.grow();
    return 0;
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    const cap = rows.length * 2;
    this.hi = new Float64Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < rows.length; j++) {
      if (rows[j] === 0) continue;
      let i = hash(hi[j]!, lo[j]!) & this.mask;
      while (this.rows[i] !== 0) i = (i + 1) & this.mask;
      this.hi[i] = hi[j]!;
      this.lo[i] = lo[j]!;
      this.rows[i] = rows[j]!;
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
