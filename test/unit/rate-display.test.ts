import { describe, expect, it } from "vitest";
import { rateNumber } from "../../src/core/scoring/grade.js";
import { Rational } from "../../src/core/lib/rational.js";
import { percentText } from "../../src/render/formats/chart.js";

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

describe("达标率 shown against the milestone in force", async () => {
  const { rateShown } = await import("../../src/core/register/aggregate.js");
  const { milestoneStatus } = await import("../../src/core/register/targets.js");
  const milestone = { by: "2015-12-31", rate: Rational.parse("0.65")!, text: "65%" };
  it("adds decimals when one decimal would read as meeting an unmet milestone", () => {
    // 1299 of 2000 = 64.95 %: ⌈0.65 × 2000⌉ = 1300 are required, so the milestone is not met.
    const current = milestoneStatus(milestone, 2000, 1299);
    expect(current.met).toBe(false);
    expect(rateShown({ rate: Rational.of(1299, 2000), target: { current } })).toBe("64.95");
    // Without a milestone, or once it is met, one decimal as usual.
    expect(rateShown({ rate: Rational.of(1299, 2000) })).toBe("65.0");
    const met = milestoneStatus(milestone, 2000, 1300);
    expect(rateShown({ rate: Rational.of(1300, 2000), target: { current: met } })).toBe("65.0");
  });
});
