import { createHash } from "node:crypto";
import { Rational } from "./rational.js";

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
}

/**
 * Keeps, per group, the population count and the candidates with their keys; `result()`
 * picks the n smallest keys. Streaming-friendly: feed rows one at a time.
 */
export class Sampler<T> {
  private readonly groups = new Map<string, Drawn<T>[]>();
  constructor(private readonly opts: SampleOptions) {}

  add(c: Candidate<T>): void {
    let list = this.groups.get(c.group);
    if (!list) this.groups.set(c.group, (list = []));
    list.push({ key: sampleKey(this.opts.seed, c.group, c.id), id: c.id, data: c.data });
  }

  result(): GroupSample<T>[] {
    const out: GroupSample<T>[] = [];
    for (const group of [...this.groups.keys()].sort(codePointCompare)) {
      const list = this.groups.get(group)!;
      const n = sampleSize(list.length, this.opts.rate, this.opts.min);
      // Keys are lower-case hex of equal length: plain string order is key order.
      const drawn = smallest(list, n, (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      out.push({ group, size: list.length, n, drawn });
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
