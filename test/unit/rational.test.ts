import { describe, expect, it } from "vitest";
import { R, Rational } from "../../src/core/lib/rational.js";

describe("Rational", () => {
  it("adds decimals exactly: 0.6 + 0.3 + 0.1 is 1", () => {
    expect(R("0.6").add(R("0.3")).add(R("0.1")).eq(Rational.ONE)).toBe(true);
  });
  it("rounds half up at one decimal: 89.95 → 90.0, 68.75 → 68.8, 68.74999 → 68.7", () => {
    expect(R("89.95").toFixed(1)).toBe("90.0");
    expect(R("68.75").toFixed(1)).toBe("68.8");
    expect(R("68.74999").toFixed(1)).toBe("68.7");
    expect(Rational.of(110, 160).mul(R(100)).toFixed(1)).toBe("68.8");
  });
  it("rounds negative ties away from zero", () => {
    expect(R("-0.25").toFixed(1)).toBe("-0.3");
  });
  it("parses fractions and exponents", () => {
    expect(Rational.parseFractionOrDecimal("1/3")!.eq(Rational.of(1, 3))).toBe(true);
    expect(R("1e2").eq(R(100))).toBe(true);
    expect(R(".5").eq(Rational.of(1, 2))).toBe(true);
    expect(Rational.parse("abc")).toBeUndefined();
    expect(Rational.parse("1.2.3")).toBeUndefined();
  });
  it("counts decimal places and ceils", () => {
    expect(R("1.25").decimalPlaces()).toBe(2);
    expect(Rational.of(1, 3).decimalPlaces()).toBeUndefined();
    expect(Rational.of(1, 3).mul(R(10)).ceil()).toBe(4n);
    expect(R("0.1").mul(R(30)).ceil()).toBe(3n);
    expect(R("-1.5").floor()).toBe(-2n);
  });
  it("writes JSON numbers for terminating decimals", () => {
    expect(JSON.stringify({ a: R("68.8"), b: R("100") })).toBe('{"a":68.8,"b":100}');
  });
});
