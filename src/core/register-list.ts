// The 达标名单 must be sorted (county, sector, grade, name), so its rows are kept until the
// end — compactly: each row's cells as UTF-8 in 4 MiB blocks plus a few integers, about a
// third of what the same rows take as JavaScript strings, and nothing that pins the large
// chunks the rows were sliced from.

const BLOCK = 4 * 1024 * 1024;
const SEP = "\u0000";

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

class GrowableFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class CompactRows {
  private readonly blocks: Uint8Array[] = [];
  private used = BLOCK; // forces a first block
  private readonly start = new GrowableFloat64(); // block index × BLOCK + offset
  private readonly bytes = new GrowableInt32();
  private readonly nameBytes = new GrowableInt32();
  /** Caller's integer keys per row (e.g. county, sector, department, grade ids). */
  readonly keys: GrowableInt32[];
  /** Rows whose cells contain U+0000 (never from Excel), kept as they are. */
  private readonly odd = new Map<number, string[]>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(keyCount: number) {
    this.keys = Array.from({ length: keyCount }, () => new GrowableInt32());
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Keep a row: cells[0] is the sort name; `keys` the caller's integers. */
  add(cells: readonly string[], keys: readonly number[]): void {
    const index = this.bytes.length;
    let text = cells.join(SEP);
    if (cells.some((c) => c.indexOf(SEP) >= 0)) {
      this.odd.set(index, [...cells]);
      text = cells[0]!.replaceAll(SEP, " ");
    }
    // Worst case 3 bytes per UTF-16 unit.
    const max = text.length * 3;
    if (this.used + max > BLOCK) {
      this.blocks.push(new Uint8Array(Math.max(BLOCK, max)));
      this.used = 0;
    }
    const block = this.blocks[this.blocks.length - 1]!;
    const { written } = this.encoder.encodeInto(text, block.subarray(this.used));
    this.start.push((this.blocks.length - 1) * BLOCK + this.used);
    this.bytes.push(written);
    const sep = text.indexOf(SEP);
    this.nameBytes.push(sep < 0 ? written : this.encoder.encode(text.slice(0, sep)).length);
    this.used += written;
    for (let k = 0; k < this.keys.length; k++) this.keys[k]!.push(keys[k] ?? 0);
  }

  private slice(i: number, len: number): Uint8Array {
    const s = this.start.data[i]!;
    const b = Math.floor(s / BLOCK);
    const off = s - b * BLOCK;
    return this.blocks[b]!.subarray(off, off + len);
  }

  name(i: number): string {
    const odd = this.odd.get(i);
    if (odd) return odd[0]!;
    return this.decoder.decode(this.slice(i, this.nameBytes.data[i]!));
  }

  cells(i: number): string[] {
    const odd = this.odd.get(i);
    if (odd) return odd;
    return this.decoder.decode(this.slice(i, this.bytes.data[i]!)).split(SEP);
  }

  key(k: number, i: number): number {
    return this.keys[k]!.data[i]!;
  }

  /**
   * Row indexes in order: by `rank(i)` (a number), then by name with `compare`, then by insertion.
   * Names are decoded once for the sort and dropped afterwards.
   */
  order(rank: (i: number) => number, compare: (a: string, b: string) => number): Uint32Array {
    const n = this.length;
    const ranks = new Float64Array(n);
    for (let i = 0; i < n; i++) ranks[i] = rank(i);
    const names: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) names[i] = this.name(i);
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    idx.sort((a, b) => ranks[a]! - ranks[b]! || compare(names[a]!, names[b]!) || a - b);
    return idx;
  }
}
