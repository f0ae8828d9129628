import { Rational } from "./rational.js";

// The one percentage formatter: every rate a user sees goes through here, so a rate never
// prints differently in two outputs.

const HUNDRED = Rational.of(100);
/** Most decimals shown to keep a failed rate visibly below its bound. */
const MOST_DIGITS = 6;

/**
 * A rate (0..1) as a percentage text (no "%") with `digits` decimals, rounded half up (away
 * from zero) exactly. With `below` (a bound the rate failed), more decimals, up to 6, where
 * rounding would print a figure that reaches the bound: 0.8495 against 0.85 is "84.95", never "85.0".
 */
export function percent(rate: Rational, below?: Rational, digits = 1): string {
  const pct = rate.mul(HUNDRED);
  if (below === undefined || !rate.lt(below)) return pct.toFixed(digits);
  const bound = below.mul(HUNDRED);
  const most = Math.max(digits, MOST_DIGITS);
  for (let p = digits; p < most; p++) if (pct.roundHalfUp(p).lt(bound)) return pct.toFixed(p);
  return pct.toFixed(most);
}

/** A rate as a percentage in its shortest exact decimal text (6 decimals when it does not terminate): echoes a rate the user gave. */
export function percentExact(rate: Rational): string {
  return rate.mul(HUNDRED).toString();
}

/** `value × 10^shift` as text with `digits` decimals, rounded as `percent` rounds (shift 2 turns a rate into a percentage). */
export function shifted(value: Rational, shift: number, digits: number): string {
  return value.mul(Rational.of(10n ** BigInt(shift))).toFixed(digits);
}
