import { describe, expect, it } from "vitest";
import { rateNumber } from "../../src/core/grade.js";
import { Rational } from "../../src/core/rational.js";
import { percentText } from "../../src/render/chart.js";

describe("rates never read as reaching a bound they failed", () => {
  it("JSON rates are cut to 6 places, not rounded up", () => {
    expect(rateNumber(Rational.of(16_999_999, 20_000_000))).toBe(0.849999); // 0.84999995
    expect(rateNumber(Rational.of(2, 3))).toBe(0.666666);
    expect(rateNumber(Rational.of(17, 20))).toBe(0.85);
  });
  it("percentages gain decimals only where one decimal would reach the failed bound", () => {
    expect(percentText(0.8495, 1)).toBe("85.0%");
    expect(percentText(0.8495, 1, 0.85)).toBe("84.95%");
    expect(percentText(0.849999, 1, 0.85)).toBe("84.9999%");
    expect(percentText(0.8, 1, 0.85)).toBe("80.0%");
    expect(percentText(0.9, 1, 0.85)).toBe("90.0%");
  });
});
