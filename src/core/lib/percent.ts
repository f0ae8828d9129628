import { Rational } from "./rational.js";

/**
 * A rate as a percentage with one decimal, or more when one decimal would hide that it is
 * below `below` (a bound it failed): 0.8495 against 0.85 is "84.95", never "85.0".
 */
export function percent(rate: Rational, below?: Rational): string {
  const pct = rate.mul(Rational.of(100));
  const bound = below?.mul(Rational.of(100));
  for (let p = 1; p < 6; p++) {
    const s = pct.toFixed(p);
    if (bound === undefined || !rate.lt(below!) || Rational.parse(s)!.lt(bound)) return s;
  }
  return pct.toFixed(6);
}
