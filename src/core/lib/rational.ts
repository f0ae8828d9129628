// Exact fractions on BigInt: scores decide certificates, so no binary floating point anywhere.

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-])?\.(\d+)(?:[eE]([+-]?\d+))?$/;

const SIMPLE = /^\d+(?:\.\d+)?$/;

/**
 * Standards repeat the same few figures ("1", "0.5", "2") thousands of times, and a BigInt
 * fraction costs allocations and a gcd: values are immutable, so parsed ones are shared.
 */
const parsed = new Map<string, Rational>();
const fromNumbers = new Map<number, Rational>();
const PARSED_MAX = 4096;

export class Rational {
  private constructor(
    /** Numerator; carries the sign. */
    readonly n: bigint,
    /** Denominator; always positive, coprime with n. */
    readonly d: bigint,
  ) {}

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  static of(n: bigint | number, d: bigint | number = 1n): Rational {
    let nn = BigInt(n);
    let dd = BigInt(d);
    if (dd === 0n) throw new RangeError("division by zero");
    if (dd < 0n) {
      nn = -nn;
      dd = -dd;
    }
    if (dd === 1n) return new Rational(nn, 1n);
    const g = gcd(nn, dd);
    return g > 1n ? new Rational(nn / g, dd / g) : new Rational(nn, dd);
  }

  /** Parse decimal source text such as "12", "0.25", "-3.5", "1e2". Returns undefined for anything else. */
  static parse(text: string): Rational | undefined {
    // Fast path for the common "12" / "0.25" (no sign, no exponent): same result, no regex groups.
    const hit = parsed.get(text);
    if (hit) return hit;
    if (SIMPLE.test(text)) {
      const dot = text.indexOf(".");
      let r: Rational;
      if (dot < 0) r = new Rational(BigInt(text), 1n);
      else {
        const frac = text.slice(dot + 1);
        r = Rational.of(BigInt(text.slice(0, dot) + frac), 10n ** BigInt(frac.length));
      }
      if (parsed.size < PARSED_MAX) parsed.set(text, r);
      return r;
    }
    const m = DECIMAL.exec(text.trim());
    if (!m) return undefined;
    const sign = (m[1] ?? m[5]) === "-" ? -1n : 1n;
    const intPart = m[2] ?? "0";
    const frac = m[3] ?? m[6] ?? "";
    const exp = BigInt(m[4] ?? m[7] ?? "0");
    let num = BigInt(intPart + frac) * sign;
    let den = 10n ** BigInt(frac.length);
    if (exp > 0n) num *= 10n ** exp;
    else if (exp < 0n) den *= 10n ** -exp;
    return Rational.of(num, den);
  }

  /**
   * From a JS number. Exact for the decimals users write (String() gives the shortest
   * round-trip text, which is the literal they typed for up to 15 significant digits).
   */
  static fromNumber(x: number): Rational {
    const hit = fromNumbers.get(x);
    if (hit) return hit;
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    const r = Rational.parse(String(x));
    if (r && fromNumbers.size < PARSED_MAX) fromNumbers.set(x, r);
    if (!r) throw new RangeError(`cannot read number: ${x}`);
    return r;
  }

  /** Parse a fraction "1/3" or a decimal "0.1". */
  static parseFractionOrDecimal(text: string): Rational | undefined {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
    if (m) return BigInt(m[2]!) === 0n ? undefined : Rational.of(BigInt(m[1]!), BigInt(m[2]!));
    return Rational.parse(text);
  }

  add(o: Rational): Rational {
    // Same denominator (whole numbers above all): no cross products.
    if (this.d === o.d) return this.d === 1n ? new Rational(this.n + o.n, 1n) : Rational.of(this.n + o.n, this.d);
    return Rational.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Rational): Rational {
    return Rational.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Rational): Rational {
    return Rational.of(this.n * o.n, this.d * o.d);
  }
  div(o: Rational): Rational {
    if (o.n === 0n) throw new RangeError("division by zero");
    return Rational.of(this.n * o.d, this.d * o.n);
  }
  neg(): Rational {
    return new Rational(-this.n, this.d);
  }
  abs(): Rational {
    return this.n < 0n ? this.neg() : this;
  }
  cmp(o: Rational): number {
    if (this.d === o.d) return this.n < o.n ? -1 : this.n > o.n ? 1 : 0;
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Rational): boolean {
    return this.n === o.n && this.d === o.d;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  isNegative(): boolean {
    return this.n < 0n;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }
  static min(a: Rational, b: Rational): Rational {
    return a.lte(b) ? a : b;
  }
  static max(a: Rational, b: Rational): Rational {
    return a.gte(b) ? a : b;
  }
  static sum(xs: Iterable<Rational>): Rational {
    let s = Rational.ZERO;
    for (const x of xs) s = s.add(x);
    return s;
  }

  /** Smallest integer ≥ this. */
  ceil(): bigint {
    const q = this.n / this.d;
    return this.n > 0n && q * this.d !== this.n ? q + 1n : q;
  }
  /** Largest integer ≤ this. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }

  /** Round half up (四舍五入, away from zero for negatives) to `places` decimals. */
  roundHalfUp(places: number): Rational {
    const scale = 10n ** BigInt(places);
    const scaled = this.abs().mul(Rational.of(scale));
    // floor(x + 1/2) on the absolute value: exact ties go up.
    const twice = scaled.n * 2n + scaled.d;
    const q = twice / (scaled.d * 2n);
    return Rational.of(this.n < 0n ? -q : q, scale);
  }

  /**
   * decimalPlaces(), once worked out: shared values are asked again and again. Kept as a
   * non-enumerable property, so that two equal values still look alike to deep equality.
   */
  declare private readonly places?: number | null;

  /** Number of decimal places needed to write this exactly, or undefined if it does not terminate. */
  decimalPlaces(): number | undefined {
    if (this.places !== undefined) return this.places ?? undefined;
    const p = this.countPlaces();
    Object.defineProperty(this, "places", { value: p ?? null });
    return p;
  }

  private countPlaces(): number | undefined {
    let d = this.d;
    let twos = 0;
    let fives = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    return d === 1n ? Math.max(twos, fives) : undefined;
  }

  /** Decimal text with exactly `places` decimals, rounding half up. */
  toFixed(places: number): string {
    const r = this.roundHalfUp(places);
    const scale = 10n ** BigInt(places);
    const v = (r.n * scale) / r.d;
    const neg = v < 0n;
    const digits = (neg ? -v : v).toString().padStart(places + 1, "0");
    const int = digits.slice(0, digits.length - places);
    const frac = places > 0 ? "." + digits.slice(digits.length - places) : "";
    return (neg ? "-" : "") + int + frac;
  }

  /** Shortest exact decimal text when it terminates ("2.5", "10"); otherwise 6 decimals. */
  toString(): string {
    const p = this.decimalPlaces();
    return p === undefined ? this.toFixed(6) : this.toFixed(p);
  }

  /** For JSON output. Exact when the value is a short terminating decimal. */
  toNumber(): number {
    const p = this.decimalPlaces();
    return Number(p !== undefined && p <= 15 ? this.toFixed(p) : this.toFixed(12));
  }

  toJSON(): number {
    return this.toNumber();
  }
}

export const R = (text: string | number): Rational => {
  const r = typeof text === "number" ? Rational.fromNumber(text) : Rational.parse(text);
  if (!r) throw new RangeError(`not a decimal: ${text}`);
  return r;
};
