// The draw of DESIGN.md "Sampling" (the n smallest keys of each group) in about 12 bytes per
// candidate, for registers of a million rows: per candidate only the key's leading bits (a
// number) and its group. Full keys are recomputed, from the ids, only for the few candidates the
// leading bits cannot tell apart from the drawn ones.
//
// It also says, as each candidate comes, whether its details are worth keeping: n = ⌈rate × N⌉
// is known only at the end, but the n-th smallest of N uniform keys lies close to n / N, so a
// candidate whose key is far above that is almost surely never drawn. "Almost" is bounded below
// (RETENTION); when it happens anyway, the caller reads the candidate's details again (see
// `DrawGroup.candidates`). test/unit/sample-draw.test.ts checks all of it against the plain way
// (every key in full, sorted).
import * as crypto from "node:crypto";
import type { Rational } from "../lib/rational.js";

const BLOCK = 1 << 16;
/** Leading key bits kept per candidate: 12 hex digits, exact in a double. */
const KEY_BITS = 48;

/**
 * −ln of the chance that a drawn candidate's details were not kept (Chernoff bound below); at 40
 * it is below 10⁻¹⁷ per candidate, so a reread happens in practice only on crafted input.
 */
export const RETENTION = 40;

/** The draw's key (DESIGN.md "Sampling"): lower-case hex SHA-256 of seed, group and id; one call, no Hash object, when Node has crypto.hash (≥ 20.12). */
export function sampleKey(seed: string, group: string, id: string): string {
  const text = keyText(seed, group, id);
  return typeof crypto.hash === "function" ? crypto.hash("sha256", text, "hex") : crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

function keyText(seed: string, group: string, id: string): string {
  return `${seed}\n${group}\n${id}`;
}

/** The key's first 6 bytes as a number; "binary" (latin1) output is one character per byte, with no buffer to allocate. */
function leadingBits(seed: string, group: string, id: string): number {
  const text = keyText(seed, group, id);
  const h = typeof crypto.hash === "function" ? crypto.hash("sha256", text, "binary") : crypto.createHash("sha256").update(text, "utf8").digest("binary");
  return h.charCodeAt(0) * 2 ** 40 + h.charCodeAt(1) * 2 ** 32 + h.charCodeAt(2) * 2 ** 24 + (h.charCodeAt(3) << 16) + (h.charCodeAt(4) << 8) + h.charCodeAt(5);
}

/** A column of numbers grown block by block: no doubling copy of the whole column. */
class Blocks<A extends Float64Array | Uint32Array> {
  private readonly blocks: A[] = [];
  length = 0;
  constructor(private readonly make: (n: number) => A) {}
  push(v: number): void {
    const b = this.length >>> 16;
    if (b === this.blocks.length) this.blocks.push(this.make(BLOCK));
    this.blocks[b]![this.length & (BLOCK - 1)] = v;
    this.length++;
  }
  get(i: number): number {
    return this.blocks[i >>> 16]![i & (BLOCK - 1)]!;
  }
}

export interface KeyDrawOptions {
  rate: Rational;
  min: number;
  seed: string;
  /** Leading key bits compared before full keys (tests use a few, to make ties common). */
  keyBits?: number;
  /** Overrides the keep bound (share of the key range) for a group of `size` so far; tests force rereads with it. */
  keepBelow?: (size: number) => number;
}

/** One group's draw before full keys: candidate numbers sorted by leading key bits. */
export interface DrawGroup {
  group: string;
  /** Population N. */
  size: number;
  n: number;
  /**
   * The candidates whose leading bits are among the n smallest, ties at the edge included: the
   * drawn are the n smallest full keys of these. Their ids are needed (`KeyDraw.finish`).
   */
  candidates: Uint32Array;
}

export interface KeyDrawn {
  key: string;
  candidate: number;
}

/**
 * Candidates are numbered 0, 1, 2 … in the order they are added. `add` says whether to keep the
 * candidate's details; `select` then `finish` draw.
 */
export class KeyDraw {
  private readonly lead = new Blocks((n) => new Float64Array(n));
  private readonly groupOf = new Blocks((n) => new Uint32Array(n));
  private readonly groupIds = new Map<string, number>();
  private readonly groupNames: string[] = [];
  private readonly groupSizes: number[] = [];
  private readonly shift: number;
  private readonly range: number;
  private readonly rate: number;

  constructor(private readonly opts: KeyDrawOptions) {
    const bits = opts.keyBits ?? KEY_BITS;
    this.shift = 2 ** (KEY_BITS - bits);
    this.range = 2 ** bits;
    this.rate = opts.rate.toNumber();
  }

  get count(): number {
    return this.lead.length;
  }

  /** Add the next candidate; true when its details should be kept (it may be drawn). */
  add(group: string, id: string): boolean {
    let g = this.groupIds.get(group);
    if (g === undefined) {
      g = this.groupNames.length;
      this.groupIds.set(group, g);
      this.groupNames.push(group);
      this.groupSizes.push(0);
    }
    const size = ++this.groupSizes[g]!;
    const lead = Math.floor(leadingBits(this.opts.seed, group, id) / this.shift);
    this.lead.push(lead);
    this.groupOf.push(g);
    const bound = this.opts.keepBelow ? this.opts.keepBelow(size) : this.keepBound(size);
    return lead < bound * this.range;
  }

  /**
   * A share b of the key range such that the final n-th smallest key of a group now of N
   * candidates exceeds b with chance below e^−RETENTION, however many candidates follow. With
   * p = max(min, rate·N + 1) / N ≥ n′/N′ for every final N′ ≥ N, Chernoff's lower tail gives
   * P(Bin(N′, p + δ) < n′) ≤ exp(−N δ² / (2 (p + δ))); δ solves that exponent = RETENTION.
   */
  private keepBound(size: number): number {
    const p = Math.max(this.opts.min, this.rate * size + 1) / size;
    if (p >= 1) return 1;
    const delta = (RETENTION + Math.sqrt(RETENTION * RETENTION + 2 * RETENTION * p * size)) / size;
    return p + delta;
  }

  /** Per group, in code-point order of the group: the candidates whose full keys decide the draw. */
  select(sizeOf: (population: number) => number, compareGroups: (a: string, b: string) => number): DrawGroup[] {
    const groups = this.groupNames.length;
    const total = this.lead.length;
    // Candidates by group (counting sort), each group's in the order added.
    const starts = new Uint32Array(groups + 1);
    for (let g = 0; g < groups; g++) starts[g + 1] = starts[g]! + this.groupSizes[g]!;
    const fill = starts.slice(0, groups);
    const byGroup = new Uint32Array(total);
    for (let c = 0; c < total; c++) byGroup[fill[this.groupOf.get(c)]!++] = c;

    const order = this.groupNames.map((_, g) => g).sort((a, b) => compareGroups(this.groupNames[a]!, this.groupNames[b]!));
    return order.map((g) => {
      const members = byGroup.subarray(starts[g]!, starts[g + 1]!);
      const size = members.length;
      const n = sizeOf(size);
      const leads = new Float64Array(size);
      for (let k = 0; k < size; k++) leads[k] = this.lead.get(members[k]!);
      let candidates = new Uint32Array(0);
      if (n > 0) {
        const edge = leads.slice().sort()[n - 1]!;
        let m = 0;
        for (let k = 0; k < size; k++) if (leads[k]! <= edge) m++;
        candidates = new Uint32Array(m);
        m = 0;
        for (let k = 0; k < size; k++) if (leads[k]! <= edge) candidates[m++] = members[k]!;
        candidates.sort((a, b) => this.lead.get(a) - this.lead.get(b) || a - b);
      }
      return { group: this.groupNames[g]!, size, n, candidates };
    });
  }

  /**
   * The drawn of a group, in key order, from its candidates' ids (`idOf`). Undefined when an id
   * is missing or its key's leading bits differ from those recorded: the input was not the same
   * when read again.
   */
  finish(d: DrawGroup, idOf: (candidate: number) => string | undefined): KeyDrawn[] | undefined {
    const keyed: KeyDrawn[] = [];
    for (const c of d.candidates) {
      const id = idOf(c);
      if (id === undefined) return undefined;
      const key = sampleKey(this.opts.seed, d.group, id);
      if (Math.floor(parseInt(key.slice(0, KEY_BITS / 4), 16) / this.shift) !== this.lead.get(c)) return undefined;
      keyed.push({ key, candidate: c });
    }
    // Lower-case hex order is byte order.
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.slice(0, d.n);
  }
}
