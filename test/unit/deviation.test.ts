import { describe, expect, it } from "vitest";
import { compareResults, groupOrder, pairMismatch, registerDeviation, reReviewEnterprises, scoreDeviation } from "../../src/core/register/deviation.js";
import { compareNames } from "../../src/core/register/aggregate.js";
import { sideName, type DeviationSide } from "../../src/render/deviation/deviation-output.js";
import { setLang } from "../../src/i18n.js";
import type { ScoreResult } from "../../src/core/scoring/result.js";
import { R, Rational } from "../../src/core/lib/rational.js";

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

// Minimal results: only the fields compareResults and pairMismatch read.
function result(score: number, grade: string, items: Array<[string, "conform" | "nonconform" | "na", number]>, over: Partial<ScoreResult> = {}): ScoreResult {
  return {
    standard: { id: "cf-basic", fingerprint: "f".repeat(64), version: "1" },
    enterprise: { name: "示例有限公司", credit_code: "91350500154326783G" },
    score,
    grade,
    items: items.map(([id, status, earned]) => ({ id, title: id, status, earned, deductions: [] })),
    ...over,
  } as unknown as ScoreResult;
}

describe("compareResults", () => {
  it("counts contents applicable in either side; both-na contents are left out", () => {
    // 1: same; 2: earned differs; 3: na vs conform (differs, applicable on one side); 4: na on both (not counted).
    const r = result(80, "二级", [
      ["1", "conform", 10],
      ["2", "nonconform", 5],
      ["3", "na", 0],
      ["4", "na", 0],
    ]);
    const a = result(64, "三级", [
      ["1", "conform", 10],
      ["2", "nonconform", 2],
      ["3", "conform", 10],
      ["4", "na", 0],
    ]);
    const d = compareResults(r, a, R("0.25"));
    expect(d.applicable_either).toBe(3);
    expect(d.differing.map((x) => x.item)).toEqual(["2", "3"]);
    expect(d.content_disagreement.eq(Rational.of(2, 3))).toBe(true);
    // |80 − 64| ÷ 64 = 0.25 exactly: flagged at 0.25, not at 0.2501.
    expect(d.score_deviation.eq(R("0.25"))).toBe(true);
    expect(d.flagged).toBe(true);
    expect(compareResults(r, a, R("0.2501")).flagged).toBe(false);
    expect(d.grade_mismatch).toBe(true);
  });
  it("is 0 disagreement when nothing applies", () => {
    const r = result(0, "未达标", [["1", "na", 0]]);
    const d = compareResults(r, r, R("0.3"));
    expect(d.content_disagreement.isZero()).toBe(true);
    expect(d.score_deviation.isZero()).toBe(true);
    expect(d.flagged).toBe(false);
  });
});

describe("pairMismatch", () => {
  const base = result(90, "一级", []);
  it("accepts the same standard and enterprise", () => {
    expect(pairMismatch(base, result(85, "二级", []))).toBeUndefined();
  });
  it("rejects another fingerprint of the same id (a changed standard)", () => {
    const other = result(90, "一级", [], { standard: { id: "cf-basic", fingerprint: "0".repeat(64) } as ScoreResult["standard"] });
    expect(pairMismatch(base, other)?.kind).toBe("standard");
  });
  it("rejects another credit code, and compares names when a code is missing", () => {
    expect(
      pairMismatch(base, result(90, "一级", [], { enterprise: { name: "示例有限公司", credit_code: "913505820000001230" } as ScoreResult["enterprise"] }))
        ?.kind,
    ).toBe("enterprise");
    expect(pairMismatch(base, result(90, "一级", [], { enterprise: { name: "示例有限公司" } as ScoreResult["enterprise"] }))).toBeUndefined();
    expect(pairMismatch(base, result(90, "一级", [], { enterprise: { name: "别的公司" } as ScoreResult["enterprise"] }))?.kind).toBe("enterprise");
  });
});

describe("group order (as stdz batch lists counties)", () => {
  it("pinyin, not code points, with 未填 last", () => {
    expect(groupOrder(["同安区", "未填", "思明区", "翔安区", "海沧区", "湖里区", "集美区"])).toEqual([
      "海沧区",
      "湖里区",
      "集美区",
      "思明区",
      "同安区",
      "翔安区",
      "未填",
    ]);
    expect(groupOrder(["乙评审公司", "甲评审中心"])).toEqual(["甲评审中心", "乙评审公司"]);
  });

  it("is batch's compareNames order for many names, ties included (the rank-key path above 64 names)", () => {
    // Full-width and half-width twins tie in the collator; batch then orders them by UTF-16.
    const base = ["ＡＢ", "AB", "ab", "Ab", "１号库", "1号库", "未填", "", "区", "a", "A"];
    const names = [...base];
    const chars = "泉州厦门福州漳龙岩三明南平宁德莆田晋江石狮安溪永春德化惠安";
    for (let i = 0; names.length < 300; i++) names.push(`${chars[(i * 7) % chars.length]}${chars[(i * 13 + 3) % chars.length]}${i % 5}`);
    const unique = [...new Set(names)];
    const expected = [...unique].sort((a, b) => compareNames(a, b, "未填"));
    expect(groupOrder(unique)).toEqual(expected);
    expect(groupOrder([...unique].reverse())).toEqual(expected);
  });

  it("the 复评名单 goes group by group, register order within a group", () => {
    const rows = [
      ["鲤城区", "90", "60"],
      ["丰泽区", "90", "60"],
      ["未填", "90", "60"],
      ["鲤城区", "80", "79"],
      ["丰泽区", "70", "50"],
    ].map(([group, r, a], i) => ({ group: group!, reported: R(r!), audited: R(a!), data: i + 1 }));
    const out = registerDeviation(rows, R("0.3"), R("0.3"));
    expect(out.groups.map((g) => g.group)).toEqual(["丰泽区", "鲤城区", "未填"]);
    expect(out.enterprises.map((e) => e.data)).toEqual([1, 2, 3, 4, 5]);
    expect(reReviewEnterprises(out.enterprises, out.groups).map((e) => e.data)).toEqual([2, 5, 1, 3]);
  });
});

describe("pair page: a side's name", () => {
  const side = (over: Partial<DeviationSide>): DeviationSide => ({
    source: "/home/u/抽查/结果.json",
    kind: "result",
    assessment_kind: "spot-check",
    date: "2024-09-30",
    score: 42,
    grade: "未达标",
    ...over,
  });

  it("unit and kind, the kind alone, the unit alone, the file name (never the path) when neither", () => {
    setLang("zh");
    expect(sideName(side({ organisation: "泉州市应急管理局" }))).toBe("泉州市应急管理局（抽查）");
    expect(sideName(side({ assessment_kind: "self" }))).toBe("自评");
    expect(sideName(side({ assessment_kind: "", organisation: "某中心" }))).toBe("某中心");
    expect(sideName(side({ assessment_kind: "" }))).toBe("结果.json");
    expect(sideName(side({ assessment_kind: "", source: "bundles\\reported\\", kind: "bundle" }))).toBe("reported");
    setLang("en");
    try {
      expect(sideName(side({ organisation: "泉州市应急管理局" }))).toBe("泉州市应急管理局 (spot check)");
      expect(sideName(side({ assessment_kind: "review" }))).toBe("review");
    } finally {
      setLang("zh");
    }
  });
});
