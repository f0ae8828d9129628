// The 达标名单 must be sorted (county, sector, grade, name), so its rows are kept until the
// end — compactly: each row's cells as UTF-8 in 4 MiB blocks plus a few integers, about a
// third of what the same rows take as JavaScript strings, and nothing that pins the large
// chunks the rows were sliced from.

import { charRanks, collectChars, rankKey, sortByName } from "./collate.js";
import { grow } from "../lib/grow.js";

const BLOCK = 4 * 1024 * 1024;
const SEP = "\u0000";

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, this.length + 1);
    this.data[this.length++] = v;
  }
}

class GrowableUint32 {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, this.length + 1);
    this.data[this.length++] = v;
  }
}

export class CompactRows {
  private readonly blocks: Uint8Array[] = [];
  private used = BLOCK; // forces a first block
  /** Where each row starts: block index × BLOCK + offset. */
  private readonly start = new GrowableUint32();
  private readonly bytes = new GrowableUint32();
  /** Caller's integer keys per row (e.g. county, sector, department ids). */
  readonly keys: GrowableInt32[];
  /** Rows kept as strings: cells with U+0000 (never from Excel) or a row larger than a block. */
  private readonly odd = new Map<number, string[]>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  /** Every character of every name, for the collation ranks. */
  private readonly nameChars = new Set<number>();

  constructor(keyCount: number) {
    this.keys = Array.from({ length: keyCount }, () => new GrowableInt32());
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Keep a row: cells[0] is the sort name; `keys` the caller's integers. */
  add(cells: readonly string[], keys: readonly number[]): void {
    const index = this.bytes.length;
    collectChars(cells[0]!, this.nameChars);
    const text = cells.join(SEP);
    // Worst case 3 bytes per UTF-16 unit.
    const max = text.length * 3;
    if (max > BLOCK || cells.some((c) => c.indexOf(SEP) >= 0)) {
      this.odd.set(
        index,
        cells.map((c) => (c.length < 13 ? c : (JSON.parse(JSON.stringify(c)) as string))),
      );
      this.start.push(0);
      this.bytes.push(0);
    } else {
      if (this.used + max > BLOCK) {
        this.blocks.push(new Uint8Array(BLOCK));
        this.used = 0;
      }
      const block = this.blocks[this.blocks.length - 1]!;
      const { written } = this.encoder.encodeInto(text, block.subarray(this.used));
      this.start.push((this.blocks.length - 1) * BLOCK + this.used);
      this.bytes.push(written);
      this.used += written;
    }
    for (let k = 0; k < this.keys.length; k++) this.keys[k]!.push(keys[k] ?? 0);
  }

  private slice(i: number): Uint8Array {
    const s = this.start.data[i]!;
    const b = Math.floor(s / BLOCK);
    const off = s - b * BLOCK;
    return this.blocks[b]!.subarray(off, off + this.bytes.data[i]!);
  }

  name(i: number): string {
    const odd = this.odd.get(i);
    if (odd) return odd[0]!;
    const bytes = this.slice(i);
    const end = bytes.indexOf(0);
    return this.decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
  }

  cells(i: number): string[] {
    const odd = this.odd.get(i);
    if (odd) return odd;
    return this.decoder.decode(this.slice(i)).split(SEP);
  }

  key(k: number, i: number): number {
    return this.keys[k]!.data[i]!;
  }

  /**
   * Row indexes in order: by `bucket(i)` (a small non-negative integer below `buckets`), then
   * by name in `collator` order, then by insertion. Rows are first distributed into their buckets
   * (counting sort), so that names are compared only within a bucket; names are decoded once
   * for the sort and dropped afterwards.
   */
  order(bucket: (i: number) => number, buckets: number, collator: Intl.Collator): Uint32Array {
    const n = this.length;
    if (buckets > Math.max(1 << 20, 4 * n)) {
      // Too many buckets to count (a register with thousands of distinct counties): compare keys.
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = bucket(i);
      const names: string[] = new Array<string>(n);
      for (let i = 0; i < n; i++) names[i] = this.name(i);
      const idx = new Uint32Array(n);
      for (let i = 0; i < n; i++) idx[i] = i;
      return idx.sort((x, y) => keys[x]! - keys[y]! || collator.compare(names[x]!, names[y]!) || x - y);
    }
    const key = new Uint32Array(n);
    const starts = new Uint32Array(buckets + 1);
    for (let i = 0; i < n; i++) {
      const b = bucket(i);
      key[i] = b;
      starts[b + 1]!++;
    }
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
    const idx = new Uint32Array(n);
    const fill = starts.slice(0, buckets);
    for (let i = 0; i < n; i++) idx[fill[key[i]!]!++] = i;
    // Names are decoded one bucket at a time (after one pass that ranks their characters), so
    // that only a bucket's names are held as strings at once.
    const ranks = charRanks(this.nameChars, collator);
    for (let b = 0; b < buckets; b++) {
      const from = starts[b]!;
      const to = starts[b + 1]!;
      if (to - from < 2) continue;
      const members = idx.slice(from, to);
      const names = Array.from(members, (i) => this.name(i));
      const keys = ranks ? names.map((s) => rankKey(s, ranks)) : undefined;
      const pos = new Uint32Array(names.length);
      for (let k = 0; k < pos.length; k++) pos[k] = k;
      // Positions follow insertion order, so ties fall back to it.
      sortByName(pos, names, keys, collator);
      for (let k = 0; k < pos.length; k++) idx[from + k] = members[pos[k]!]!;
    }
    return idx;
  }
}
