// DESIGN.md step 6: levels from the highest, min_score, min_element_rate, performance window, veto.
import { describe, expect, it } from "vitest";
import { performanceWindow, percent } from "../../src/core/scoring/grade.js";
import { R } from "../../src/core/lib/rational.js";
import { resultTexts } from "../../src/render/report/result-text.js";
import { bundleText, scoreText, standardFrom } from "./score-helpers.js";

// 一级: ≥ 90, no accident with ≥ 2 minor injuries, no serious injury or death, loss ≤ 10.5 万元;
// 二级: ≥ 75, no death in 12 months; 三级: ≥ 60 (no performance condition).
const G = standardFrom(`
stdz: 1
id: g
title: 定级测试
tier: municipal
total: 100
grading:
  levels:
    - name: 一级
      min_score: 90
      min_element_rate: 0.6
      performance: { months: 12, max_per_accident: { minor_injuries: 1 }, max_total: { deaths: 0, serious_injuries: 0, direct_loss: 10.5 } }
    - name: 二级
      min_score: 75
      performance: { months: 12, max_total: { deaths: 0 } }
    - name: 三级
      min_score: 60
elements:
  - id: A
    title: 甲
    items:
      - { id: A1, title: 一, points: 50, deductions: [{ id: a, text: 每处, points: 0.5 }] }
  - id: B
    title: 乙
    items:
      - { id: B1, title: 否决全部, points: 25, veto: true, deductions: [{ id: a, text: x, points: 5 }] }
      - { id: B2, title: 否决二级, points: 25, veto: { blocks: [二级] }, deductions: [{ id: a, text: x, points: 5 }] }
`);

const conform = "  - { item: A1, status: conform }\n  - { item: B1, status: conform }\n  - { item: B2, status: conform }\n";
const grade = (opts: Parameters<typeof bundleText>[1], findings = conform) => {
  const s = scoreText(G, bundleText(findings, opts));
  expect(s.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return s.result;
};
const accident = (date: string, fields: string) => `\n  - { date: "${date}", ${fields} }`;

describe("performance window", () => {
  it("runs from the same day months before through the assessment date, both inclusive", () => {
    expect(performanceWindow("2024-06-30", 12)).toEqual({ from: "2023-06-30", to: "2024-06-30" });
    expect(performanceWindow("2024-02-29", 12)).toEqual({ from: "2023-02-28", to: "2024-02-29" });
    expect(performanceWindow("2024-03-31", 1)).toEqual({ from: "2024-02-29", to: "2024-03-31" });
    expect(performanceWindow("2023-03-31", 1)).toEqual({ from: "2023-02-28", to: "2023-03-31" });
  });

  it("counts an accident exactly `months` before the assessment date", () => {
    const r = grade({ accidents: accident("2023-06-30", "serious_injuries: 1") });
    expect(r.grade).toBe("二级");
    expect(r.grade_reasons).toEqual([{ level: "一级", condition: "performance", actual: 1, required: 0, message: "12个月内重伤 1 人 > 0" }]);
  });

  it("does not count the day before the window", () => {
    expect(grade({ accidents: accident("2023-06-29", "serious_injuries: 1") }).grade).toBe("一级");
  });

  it("counts the assessment date itself, not the day after (which is also a warning)", () => {
    expect(grade({ accidents: accident("2024-06-30", "deaths: 1") }).grade).toBe("三级");
    const s = scoreText(G, bundleText(conform, { accidents: accident("2024-07-01", "deaths: 1") }));
    expect(s.result.grade).toBe("一级");
    expect(s.diagnostics.map((d) => d.code)).toEqual(["BUN034"]);
  });

  it("clamps on a leap day: 12 months before 2024-02-29 is 2023-02-28", () => {
    expect(grade({ date: "2024-02-29", accidents: accident("2023-02-28", "serious_injuries: 1") }).grade).toBe("二级");
    expect(grade({ date: "2024-02-29", accidents: accident("2023-02-27", "serious_injuries: 1") }).grade).toBe("一级");
  });
});

describe("performance caps", () => {
  it("max_total sums the window; a death fails 一级 and 二级 with the numbers in the message", () => {
    const r = grade({ accidents: accident("2024-01-12", "deaths: 1") + accident("2023-12-01", "minor_injuries: 1") });
    expect(r.grade).toBe("三级");
    expect(r.grade_reasons.map((x) => `${x.level} ${x.message}`)).toEqual(["一级 12个月内死亡 1 人 > 0", "二级 12个月内死亡 1 人 > 0"]);
  });

  it("max_per_accident looks at each accident: two with one minor injury each pass, one with two fails", () => {
    expect(grade({ accidents: accident("2024-01-12", "minor_injuries: 1") + accident("2024-02-12", "minor_injuries: 1") }).grade).toBe("一级");
    const r = grade({ accidents: accident("2024-01-12", "minor_injuries: 2") });
    expect(r.grade).toBe("二级");
    expect(r.grade_reasons).toEqual([
      { level: "一级", condition: "performance", actual: 2, required: 1, message: "12个月内单起事故轻伤 2 人 > 1（2024-01-12）" },
    ]);
  });

  it("compares decimals exactly: 10.5 万元 is within 10.5, 5.3 + 5.21 is not", () => {
    expect(grade({ accidents: accident("2024-01-12", "direct_loss: 10.5") }).grade).toBe("一级");
    const r = grade({ accidents: accident("2024-01-12", "direct_loss: 5.3") + accident("2024-03-12", "direct_loss: 5.21") });
    expect(r.grade).toBe("二级");
    expect(r.grade_reasons[0]!.message).toBe("12个月内直接经济损失 10.51 万元 > 10.5");
  });

  it("fields left out count as 0", () => {
    expect(grade({ accidents: accident("2024-01-12", "note: 未造成伤亡") }).grade).toBe("一级");
  });
});

describe("veto", () => {
  it("veto: true withholds every level", () => {
    const r = grade({}, conform.replace("{ item: B1, status: conform }", "{ item: B1, status: nonconform, deductions: [{ id: a }] }"));
    // 95 points, but B1 blocks 一级, 二级 and 三级.
    expect(r.score).toBe(95);
    expect(r.grade).toBe("未达标");
    expect(r.grade_reasons.map((x) => `${x.level} ${x.condition} ${x.message}`)).toEqual([
      "一级 veto 否决项 B1 不符合",
      "二级 veto 否决项 B1 不符合",
      "三级 veto 否决项 B1 不符合",
    ]);
  });

  it("veto: {blocks} withholds only the listed levels; the rest are tried", () => {
    // B2 blocks 二级 only: 一级 is met first (95 ≥ 90, no accidents).
    expect(grade({}, conform.replace("{ item: B2, status: conform }", "{ item: B2, status: nonconform, deductions: [{ id: a }] }")).grade).toBe("一级");
    // With a serious injury 一级 fails on performance, 二级 on the veto → 三级.
    const r = grade(
      { accidents: accident("2024-01-12", "serious_injuries: 1") },
      conform.replace("{ item: B2, status: conform }", "{ item: B2, status: nonconform, deductions: [{ id: a }] }"),
    );
    expect(r.grade).toBe("三级");
    expect(r.grade_reasons.map((x) => x.message)).toEqual(["12个月内重伤 1 人 > 0", "否决项 B2 不符合"]);
  });

  it("a veto content that is 不适用 or conforms blocks nothing", () => {
    expect(grade({}, conform.replace("{ item: B1, status: conform }", "{ item: B1, status: na, reason: 无 }")).grade).toBe("一级");
  });
});

describe("min_element_rate and reasons", () => {
  const rateStd = standardFrom(`
stdz: 1
id: rt
title: 得分率
tier: municipal
total: 200
grading:
  levels:
    - { name: 一级, min_score: 50, min_element_rate: 0.6 }
elements:
  - { id: A, title: a, items: [{ id: A1, title: a, points: 100, deductions: [{ id: a, text: x, points: 0.01 }] }] }
  - { id: B, title: b, items: [{ id: B1, title: b, points: 100 }] }
`);
  const lose = (count: number) =>
    scoreText(rateStd, bundleText(`  - { item: A1, status: nonconform, deductions: [{ id: a, count: ${count} }] }\n  - { item: B1, status: conform }\n`))
      .result;

  it("a rate of exactly the minimum passes", () => {
    expect(lose(4000).elements[0]!.rate).toBe(0.6);
    expect(lose(4000).grade).toBe("一级");
  });

  it("a rate just below it fails, and the message shows enough decimals to see why", () => {
    // 59.99 / 100 = 0.5999: one decimal would read 60.0 %.
    const r = lose(4001);
    expect(r.grade).toBe("未达标");
    expect(r.grade_reasons).toEqual([
      { level: "一级", condition: "min_element_rate", actual: 0.5999, required: 0.6, element: "A", message: "类目 A 得分率 59.99% < 60%" },
    ]);
  });

  it("percent() rounds half up and widens only when needed", () => {
    expect(percent(R("0.55"))).toBe("55.0");
    expect(percent(R("0.12345"), R("0.2"))).toBe("12.3");
    expect(percent(R("0.59995"), R("0.6"))).toBe("59.995");
  });

  it("lists reasons only for the levels above the one awarded", () => {
    // A1 loses 12 (24 × 0.5) → 88: 一级 fails on score; 二级 met; 三级 not listed.
    const r = grade({}, conform.replace("{ item: A1, status: conform }", "{ item: A1, status: nonconform, deductions: [{ id: a, count: 24 }] }"));
    expect(r.score).toBe(88);
    expect(r.grade).toBe("二级");
    expect(r.grade_reasons.map((x) => x.level)).toEqual(["一级"]);
  });

  it("in English with --lang en", async () => {
    const s = scoreText(G, bundleText(conform, { accidents: accident("2024-01-12", "deaths: 1") }));
    const en = resultTexts(s.grade, s.calc, "en");
    expect(en.grade_reasons.map((x) => x.message)).toEqual(["deaths within 12 months: 1 > 0", "deaths within 12 months: 1 > 0"]);
  });
});
