import { Rational } from "../lib/rational.js";
import { KeyDraw } from "./sample-draw.js";

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

export { sampleKey } from "./sample-draw.js";

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
 * Keeps, per group, the population count and the candidates; `result()` picks the n smallest
 * keys. Streaming-friendly: feed rows one at a time. The keys themselves are KeyDraw's
 * (sample-draw.ts); this keeps every candidate's id and data, for callers that hold them anyway.
 */
export class Sampler<T> {
  private readonly draw: KeyDraw;
  private readonly ids: string[] = [];
  private readonly data: T[] = [];
  constructor(private readonly opts: SampleOptions) {
    this.draw = new KeyDraw(opts);
  }

  add(c: Candidate<T>): void {
    this.draw.add(c.group, c.id);
    this.ids.push(c.id);
    this.data.push(c.data);
  }

  result(): GroupSample<T>[] {
    return this.draw
      .select((size) => sampleSize(size, this.opts.rate, this.opts.min), codePointCompare)
      .map((g) => {
        // Every id is at hand, so the keys always agree with the ones recorded.
        const drawn = this.draw.finish(g, (c) => this.ids[c])!;
        return { group: g.group, size: g.size, n: g.n, drawn: drawn.map((d) => ({ key: d.key, id: this.ids[d.candidate]!, data: this.data[d.candidate]! })) };
      });
  }
}

/** Convenience for whole arrays. */
export function drawSample<T>(candidates: Iterable<Candidate<T>>, opts: SampleOptions): GroupSample<T>[] {
  const s = new Sampler<T>(opts);
  for (const c of candidates) s.add(c);
  return s.result();
}
