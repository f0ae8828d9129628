import { describe, expect, it } from "vitest";
import { registerDeviation, scoreDeviation } from "../../src/core/deviation.js";
import { R, Rational } from "../../src/core/rational.js";

describe("score deviation |R − A| ÷ A", () => {
  it("is exact at the threshold: 91 vs 70 is exactly 0.3", () => {
    const d = scoreDeviation(R("91"), R("70"));
    expect(d.eq(R("0.3"))).toBe(true);
    expect(d.gte(R("0.3"))).toBe(true);
  });
  it("handles zero audited scores", () => {
    expect(scoreDeviation(R(0), R(0)).isZero()).toBe(true);
    expect(scoreDeviation(R(50), R(0)).eq(Rational.ONE)).toBe(true);
  });
  it("uses the audited score as denominator: 60 vs 80 is 0.25, 80 vs 60 is 1/3", () => {
    expect(scoreDeviation(R(60), R(80)).eq(R("0.25"))).toBe(true);
    expect(scoreDeviation(R(80), R(60)).eq(Rational.of(1, 3))).toBe(true);
  });
});

describe("register deviation by group", () => {
  it("flags enterprises at ≥ threshold and groups at ≥ group threshold", () => {
    // 丰泽区: 90/68 → 22/68 = 0.3235 flagged; 80/78 → 0.0256; 85/84 → 0.0119 → 1 of 3 = 0.333 ≥ 0.3 → group flagged
    // 鲤城区: 88/86, 75/74, 66/65, 70/70 → none flagged → share 0
    const rows = [
      ["丰泽区", "90", "68"],
      ["丰泽区", "80", "78"],
      ["丰泽区", "85", "84"],
      ["鲤城区", "88", "86"],
      ["鲤城区", "75", "74"],
      ["鲤城区", "66", "65"],
      ["鲤城区", "70", "70"],
    ].map(([group, r, a]) => ({ group: group!, reported: R(r!), audited: R(a!), data: null }));
    const out = registerDeviation(rows, R("0.3"), R("0.3"));
    expect(out.enterprises.filter((e) => e.flagged)).toHaveLength(1);
    const byGroup = Object.fromEntries(out.groups.map((g) => [g.group, g]));
    expect(byGroup["丰泽区"]!.flagged).toBe(1);
    expect(byGroup["丰泽区"]!.flagged_share.eq(Rational.of(1, 3))).toBe(true);
    expect(byGroup["丰泽区"]!.group_flagged).toBe(true);
    expect(byGroup["鲤城区"]!.group_flagged).toBe(false);
  });
});
