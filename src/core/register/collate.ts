// Sorting many names in zh-CN collation, fast and exactly. Intl.Collator has no sort keys, and
// half a million names need millions of comparisons. So: rank every distinct character once
// with the collator, sort by the sequence of ranks (plain string comparison of a key string),
// and then CHECK the result with the collator — every adjacent pair must be in collator order
// (ties in insertion order). A run that fails the check (characters that differ only in case or
// width, say) is sorted again with the collator itself. The result is always exactly the
// collator's order; the key only makes the common case fast.

import { grow } from "../lib/grow.js";

/** Below this many names the collator is used directly. */
const SMALL = 64;

/** Add the code points of `s` to `into`. */
export function collectChars(s: string, into: Set<number>): void {
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    into.add(cp);
  }
}

/** Collation rank (from 1) of every character in `names` (or of the code points given), or undefined when there are too many distinct characters. */
export function charRanks(names: Iterable<string> | Set<number>, collator: Intl.Collator): Map<number, number> | undefined {
  let cps: Set<number>;
  if (names instanceof Set) cps = names;
  else {
    cps = new Set<number>();
    for (const s of names) collectChars(s, cps);
  }
  if (cps.size > 0xfff0) return undefined;
  const seen = new Map<number, number>();
  for (const cp of cps) seen.set(cp, 0);
  const chars = [...seen.keys()].map((cp) => String.fromCodePoint(cp));
  chars.sort((a, b) => collator.compare(a, b) || (a < b ? -1 : 1));
  let rank = 0;
  chars.forEach((c, i) => {
    if (i > 0 && collator.compare(chars[i - 1]!, c) !== 0) rank++;
    seen.set(c.codePointAt(0)!, rank + 1);
  });
  return seen;
}

let keyBuf = new Uint16Array(64);

/** A name's rank key: one UTF-16 unit per code point, built as one flat string. */
export function rankKey(s: string, ranks: Map<number, number>): string {
  if (s.length > keyBuf.length) keyBuf = grow(keyBuf, s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    keyBuf[n++] = ranks.get(cp) ?? 0xffff;
  }
  return unitsToString(keyBuf, n);
}

/** Spreading arguments is bounded by the stack: a 130,000-character name would overflow it in one call. */
const APPLY_CHUNK = 4096;

function unitsToString(units: Uint16Array, n: number): string {
  if (n <= APPLY_CHUNK) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  let out = "";
  for (let i = 0; i < n; i += APPLY_CHUNK) out += String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + APPLY_CHUNK)) as unknown as number[]);
  return out;
}

/** Rank keys for names (see rankKey), or undefined when there are too many distinct characters. */
export function rankKeys(names: readonly string[], collator: Intl.Collator): string[] | undefined {
  const ranks = charRanks(names, collator);
  return ranks && names.map((s) => rankKey(s, ranks));
}

/**
 * Sort `idx` (indexes into `names`) in place: collator order, ties by index. `keys` from
 * rankKeys (or undefined to use the collator throughout).
 */
export function sortByName(idx: Uint32Array, names: readonly string[], keys: readonly string[] | undefined, collator: Intl.Collator): void {
  const exact = (x: number, y: number) => collator.compare(names[x]!, names[y]!) || x - y;
  if (!keys || idx.length < SMALL) {
    idx.sort(exact);
    return;
  }
  idx.sort((x, y) => {
    const a = keys[x]!;
    const b = keys[y]!;
    return a < b ? -1 : a > b ? 1 : exact(x, y);
  });
  for (let i = 1; i < idx.length; i++) {
    if (exact(idx[i - 1]!, idx[i]!) > 0) {
      idx.sort(exact);
      return;
    }
  }
}

/** Indexes 0…n−1 of `names` in collator order (ties by index). */
export function collatedOrder(names: readonly string[], collator: Intl.Collator): Uint32Array {
  const idx = new Uint32Array(names.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  sortByName(idx, names, names.length >= SMALL ? rankKeys(names, collator) : undefined, collator);
  return idx;
}
