import * as crypto from "node:crypto";
import { createHash } from "node:crypto";
import { Rational } from "../lib/rational.js";

/**
 * Reproducible spot-check sampling (DESIGN.md "Sampling"). Anyone can redo a draw with
 * sha256sum: key = SHA-256(seed + "\n" + group + "\n" + (credit code, or name)), lower-case hex;
 * the n smallest keys of a group are drawn.
 */

/** n = min(N, max(min, ⌈rate × N⌉)), exactly. */
export function sampleSize(population: number, rate: Rational, min: number): number {
  if (population <= 0) return 0;
  const byRate = Number(rate.mul(Rational.of(population)).ceil());
  return Math.min(population, Math.max(min, byRate));
}

export function sampleKey(seed: string, group: string, id: string): string {
  return createHash("sha256").update(`${seed}\n${group}\n${id}`, "utf8").digest("hex");
}

/** Code-point order (not UTF-16 code units), so groups sort the same everywhere. */
export function codePointCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

export interface Candidate<T> {
  group: string;
  /** Credit code, or the name when there is none. */
  id: string;
  data: T;
}

export interface Drawn<T> {
  key: string;
  id: string;
  data: T;
}

export interface GroupSample<T> {
  group: string;
  /** Population N. */
  size: number;
  n: number;
  drawn: Drawn<T>[];
}

export interface SampleOptions {
  rate: Rational;
  min: number;
  seed: string;
  /** Keep each candidate's id for `Drawn.id` (default true); false when the data holds it and memory counts. */
  keepIds?: boolean;
}

/** crypto.hash (Node ≥ 20.12): one call, no Hash object per row; strings are hashed as UTF-8. */
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: "buffer") => Buffer }).hash;

/** Per group, compactly: a million candidates must not cost a million key strings and objects. */
class GroupStore<T> {
  count = 0;
  /** The digest's first 6 bytes as a number: orders keys without touching the bytes unless they tie. */
  prefix = new Float64Array(64);
  digests = new Uint8Array(64 * 32);
  ids: string[] = [];
  data: T[] = [];

  push(digest: Uint8Array, id: string, data: T): void {
    if (this.count === this.prefix.length) {
      const p = new Float64Array(this.count * 2);
      p.set(this.prefix);
      this.prefix = p;
      const d = new Uint8Array(this.count * 64);
      d.set(this.digests);
      this.digests = d;
    }
    const i = this.count++;
    this.prefix[i] = digest[0]! * 2 ** 40 + digest[1]! * 2 ** 32 + ((digest[2]! << 24) >>> 0) + (digest[3]! << 16) + (digest[4]! << 8) + digest[5]!;
    this.digests.set(digest, i * 32);
    this.ids.push(id);
    this.data.push(data);
  }

  /** Key order: the prefix, then the remaining bytes (lower-case hex order is byte order). */
  compare = (a: number, b: number): number => {
    const pa = this.prefix[a]!;
    const pb = this.prefix[b]!;
    if (pa !== pb) return pa < pb ? -1 : 1;
    const d = this.digests;
    for (let k = 6; k < 32; k++) {
      const x = d[a * 32 + k]!;
      const y = d[b * 32 + k]!;
      if (x !== y) return x - y;
    }
    return 0;
  };

  key(i: number): string {
    return Buffer.from(this.digests.subarray(i * 32, i * 32 + 32)).toString("hex");
  }
}

/**
 * Keeps, per group, the population count and the candidates with their keys; `result()`
 * picks the n smallest keys. Streaming-friendly: feed rows one at a time.
 */
export class Sampler<T> {
  private readonly groups = new Map<string, GroupStore<T>>();
  constructor(private readonly opts: SampleOptions) {}

  add(c: Candidate<T>): void {
    let g = this.groups.get(c.group);
    if (!g) this.groups.set(c.group, (g = new GroupStore<T>()));
    const text = `${this.opts.seed}\n${c.group}\n${c.id}`;
    g.push(oneShot ? oneShot("sha256", text, "buffer") : createHash("sha256").update(text, "utf8").digest(), this.opts.keepIds === false ? "" : c.id, c.data);
  }

  result(): GroupSample<T>[] {
    const out: GroupSample<T>[] = [];
    for (const group of [...this.groups.keys()].sort(codePointCompare)) {
      const g = this.groups.get(group)!;
      const n = sampleSize(g.count, this.opts.rate, this.opts.min);
      const index = Array.from({ length: g.count }, (_, i) => i);
      const drawn = smallest(index, n, g.compare).map((i) => ({ key: g.key(i), id: g.ids[i]!, data: g.data[i]! }));
      out.push({ group, size: g.count, n, drawn });
    }
    return out;
  }
}

/** The n smallest elements in order, without sorting the whole list when n is small. */
function smallest<T>(list: T[], n: number, cmp: (a: T, b: T) => number): T[] {
  if (n >= list.length / 4) return [...list].sort(cmp).slice(0, n);
  const heap: T[] = []; // max-heap of the n best so far
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[p]!) <= 0) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && cmp(heap[l]!, heap[m]!) > 0) m = l;
      if (r < heap.length && cmp(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const x of list) {
    if (heap.length < n) {
      heap.push(x);
      up(heap.length - 1);
    } else if (n > 0 && cmp(x, heap[0]!) < 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort(cmp);
}

/** Convenience for whole arrays. */
export function drawSample<T>(candidates: Iterable<Candidate<T>>, opts: SampleOptions): GroupSample<T>[] {
  const s = new Sampler<T>(opts);
  for (const c of candidates) s.add(c);
  return s.result();
}
