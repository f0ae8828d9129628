// DESIGN.md "Scoring, step by step", steps 1–5: one test per rule, hand-computed in the comments.
import { describe, expect, it } from "vitest";
import { bundleText, scoreText, standardFrom } from "./score-helpers.js";

// Total 100: A (A1 20 + A2 10) and B (B.1: B1 40 veto for 一级, B2 30 only when employees > 100).
const UT = standardFrom(`
stdz: 1
id: ut
title: 单元测试标准
tier: municipal
total: 100
scoring: { model: points, scale: 100, round: 1, na: allowed }
grading:
  levels:
    - name: 一级
      min_score: 90
      min_element_rate: 0.6
      performance: { months: 12, max_per_accident: { minor_injuries: 1 }, max_total: { deaths: 0, serious_injuries: 0 } }
    - name: 二级
      min_score: 75
      performance: { months: 12, max_total: { deaths: 0 } }
    - name: 三级
      min_score: 60
elements:
  - id: A
    title: 制度
    items:
      - id: A1
        title: 制度齐全
        points: 20
        exhausted_penalty: 5
        deductions:
          - { id: a, text: 缺一项, points: 3, max: 9 }
          - { id: b, text: 未发布, points: 10 }
          - { id: c, text: 瞒报, points: 20, element_points: 15 }
          - { id: d, text: 记录缺失, points: 1, max: 2, element_points: 3 }
      - id: A2
        title: 操作规程
        points: 10
        na: forbidden
        deductions:
          - { id: a, text: 缺一个, points: 2 }
  - id: B
    title: 现场
    elements:
      - id: B.1
        title: 设备
        items:
          - id: B1
            title: 特种设备检验
            points: 40
            veto: { blocks: [一级] }
            deductions:
              - { id: a, text: 一台未检, points: 5 }
          - id: B2
            title: 专职安全员
            points: 30
            applies_when: { employees: { gt: 100 } }
            deductions:
              - { id: a, text: 未设, points: 10 }
`);

/** Findings for A1, A2, B1, B2: conform unless given (YAML lines after `status:`). */
function findings(over: Partial<Record<"A1" | "A2" | "B1" | "B2", string>> = {}, skip: string[] = []): string {
  return (["A1", "A2", "B1", "B2"] as const)
    .filter((id) => !skip.includes(id))
    .map((id) => `  - item: ${id}\n    status: ${over[id] ?? "conform"}\n`)
    .join("");
}

const score = (over: Parameters<typeof findings>[0] = {}, opts: Parameters<typeof bundleText>[1] = {}, skip: string[] = []) => {
  const s = scoreText(UT, bundleText(findings(over, skip), opts));
  expect(s.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return s;
};
const el = (s: ReturnType<typeof score>, id: string) => s.result.elements.find((e) => e.id === id)!;
const item = (s: ReturnType<typeof score>, id: string) => s.result.items.find((e) => e.id === id)!;

describe("step 2: contents", () => {
  it("conform earns the content's points", () => {
    const s = score();
    expect(s.result.score).toBe(100);
    expect(s.result.grade).toBe("一级");
    expect(s.result.grade_reasons).toEqual([]);
    expect(el(s, "A")).toMatchObject({ applicable_points: 30, earned_points: 30, rate: 1 });
    expect(el(s, "B")).toMatchObject({ applicable_points: 70, earned_points: 70 });
  });

  it("caps a deduction at its max: 5 × 3 = 15 capped at 9", () => {
    // A1 earns 20 − 9 = 11; total 11 + 10 + 40 + 30 = 91.
    const s = score({ A1: "nonconform\n    deductions: [{ id: a, count: 5 }]" });
    expect(item(s, "A1")).toMatchObject({ earned: 11, deductions: [{ id: "a", count: 5, points: 3, max: 9, lost: 9 }] });
    expect(s.result.score).toBe(91);
    expect(s.result.grade).toBe("一级");
  });

  it("caps each deduction on its own: a 2 × 3 = 6 plus b 10 = 16", () => {
    // A1 earns 4; A = 14/30 = 46.7 % < 60 %; total 84 → 二级.
    const s = score({ A1: "nonconform\n    deductions: [{ id: a, count: 2 }, { id: b }]" });
    expect(item(s, "A1").earned).toBe(4);
    expect(s.result.score).toBe(84);
    expect(s.result.grade).toBe("二级");
    expect(s.result.grade_reasons.map((r) => r.message)).toEqual(["得分 84.0 < 90", "类目 A 得分率 46.7% < 60%"]);
  });

  it("a content losing more than its points earns 0, never less", () => {
    // b 10 + c 20 = 30 > 20 → A1 earns 0, loses 20 (not 30).
    const s = score({ A1: "nonconform\n    deductions: [{ id: b }, { id: c }]" });
    expect(item(s, "A1")).toMatchObject({ earned: 0 });
    const nc = s.result.nonconformities.find((n) => n.item === "A1")!;
    expect(nc.lost).toBe(20);
  });

  it("nonconform without deductions earns 0 (absent or [])", () => {
    // A1 earns 0 and charges exhausted_penalty 5: A = 0 + 10 − 5 = 5; total 5 + 70 = 75 → exactly 二级's 75.
    for (const status of ["nonconform", "nonconform\n    deductions: []"]) {
      const s = score({ A1: status });
      expect(item(s, "A1")).toMatchObject({ earned: 0, exhausted_penalty: 5 });
      expect(el(s, "A")).toMatchObject({ items_earned: 10, element_deductions: 5, earned_points: 5 });
      expect(s.result.score).toBe(75);
      expect(s.result.grade).toBe("二级");
    }
  });
});

describe("step 3: 追加扣分 on the first-level element", () => {
  it("element_points charge count × element_points, not limited by max", () => {
    // d × 4: content loses min(4, 2) = 2 → 18; element charged 4 × 3 = 12 → A = 28 − 12 = 16; total 86.
    const s = score({ A1: "nonconform\n    deductions: [{ id: d, count: 4 }]" });
    expect(item(s, "A1")).toMatchObject({ earned: 18, deductions: [{ id: "d", lost: 2, element_points: 12 }] });
    expect(el(s, "A")).toMatchObject({ items_earned: 28, element_deductions: 12, earned_points: 16 });
    expect(s.result.element_deductions).toBe(12);
    expect(s.result.score).toBe(86);
  });

  it("element_points and exhausted_penalty stack, and the element floors at 0", () => {
    // b + c empty A1 (0): charges 15 (c) + 5 (exhausted) = 20; A = 0 + 10 − 20 → 0, not −10. Total 70 → 三级.
    const s = score({ A1: "nonconform\n    deductions: [{ id: b }, { id: c }]" });
    expect(el(s, "A")).toMatchObject({ items_earned: 10, element_deductions: 20, earned_points: 0, rate: 0 });
    const nc = s.result.nonconformities.find((n) => n.item === "A1")!;
    expect(nc.element_deductions).toBe(20);
    expect(s.result.earned_points).toBe(70);
    expect(s.result.score).toBe(70);
    expect(s.result.grade).toBe("三级");
    expect(s.result.grade_reasons.map((r) => `${r.level} ${r.message}`)).toEqual([
      "一级 得分 70.0 < 90",
      "一级 类目 A 得分率 0.0% < 60%",
      "二级 得分 70.0 < 75",
    ]);
  });

  it("exhausted_penalty is not charged when the content keeps points", () => {
    const s = score({ A1: "nonconform\n    deductions: [{ id: b }]" });
    expect(item(s, "A1").exhausted_penalty).toBeUndefined();
    expect(el(s, "A").element_deductions).toBe(0);
  });
});

describe("step 1 and 4: 不适用 rescales", () => {
  it("applies_when false leaves both earned and applicable points", () => {
    // employees 50: B2 (30) is na. A1 b → 10. (10 + 10 + 40) ÷ (100 − 30) × 100 = 85.714285… → 85.7.
    const s = score({ A1: "nonconform\n    deductions: [{ id: b }]" }, { employees: 50 }, ["B2"]);
    expect(item(s, "B2")).toMatchObject({ status: "na", reason: "applies_when", earned: 0 });
    expect(s.result).toMatchObject({ applicable_points: 70, na_points: 30, earned_points: 60, raw_score: "85.714286", score: 85.7 });
    expect(s.result.formula).toBe("得分 = 实得分 ÷ (总分 − 不适用分) × 100 = 60 ÷ (100 − 30) × 100 ≈ 85.714286 → 85.7");
  });

  it("na with a reason leaves the content out", () => {
    // A1 na: applicable 80. B1 a × 1 → 35. (10 + 35 + 30) / 80 = 93.75 → 93.8; B1 is a veto for 一级 → 二级.
    const s = score({ A1: "na\n    reason: 无此业务", B1: "nonconform\n    deductions: [{ id: a }]" });
    expect(item(s, "A1")).toMatchObject({ status: "na", reason: "无此业务" });
    expect(s.result.applicable_points).toBe(80);
    expect(s.result.raw_score).toBe("93.75");
    expect(s.result.score).toBe(93.8);
    expect(s.result.grade).toBe("二级");
    expect(s.result.grade_reasons).toEqual([{ level: "一级", condition: "veto", actual: "B1", required: "conform", item: "B1", message: "否决项 B1 不符合" }]);
  });

  it("every content of an element 不适用: the element drops out, rate null, no element-rate check", () => {
    // B1 na, B2 not applicable (employees 50). A1 a × 1 → 17; A = 27/30 = 90 % → score 90.0 → 一级.
    const s = score({ A1: "nonconform\n    deductions: [{ id: a }]", B1: "na\n    reason: 无特种设备" }, { employees: 50 }, ["B2"]);
    expect(el(s, "B")).toMatchObject({ applicable_points: 0, earned_points: 0, na_points: 70, rate: null });
    expect(s.result.score).toBe(90);
    expect(s.result.grade).toBe("一级");
  });

  it("nothing applicable at all cannot be scored (BUN021), never a silent zero", () => {
    const s = scoreText(UT, bundleText(findings({ A1: "na\n    reason: x", A2: "na\n    reason: x", B1: "na\n    reason: x" }, ["B2"]), { employees: 50 }));
    expect(s.diagnostics.map((d) => d.code)).toContain("BUN021");
  });
});

describe("step 4/5: rounding once, half up, exact", () => {
  const big = (round: number) =>
    standardFrom(`
stdz: 1
id: big
title: 大分值
tier: municipal
total: 2000
scoring: { round: ${round} }
grading:
  levels:
    - { name: 一级, min_score: 90 }
elements:
  - id: "1"
    title: 全部
    items:
      - id: "1.1"
        title: 唯一内容
        points: 2000
        deductions: [{ id: a, text: 每处, points: 1 }]
`);
  const one = (count: number, round = 1) =>
    scoreText(big(round), bundleText(`  - item: "1.1"\n    status: nonconform\n    deductions: [{ id: a, count: ${count} }]\n`));

  it("89.95 rounds to 90.0 and meets 90", () => {
    // 1799 ÷ 2000 × 100 = 89.95 exactly → 90.0.
    const s = one(201);
    expect(s.result.raw_score).toBe("89.95");
    expect(s.result.score).toBe(90);
    expect(s.result.grade).toBe("一级");
  });

  it("89.9 does not", () => {
    const s = one(202);
    expect(s.result.score).toBe(89.9);
    expect(s.result.grade).toBe("未达标");
    expect(s.result.grade_reasons.map((r) => r.message)).toEqual(["得分 89.9 < 90"]);
    expect(s.result.grade_reasons[0]).toMatchObject({ condition: "min_score", actual: 89.9, required: 90 });
  });

  it("rounds to the standard's places: 2 keeps 89.95, 0 gives 90", () => {
    expect(one(201, 2).result.score).toBe(89.95);
    expect(one(201, 2).result.formula).toContain("= 89.95 → 89.95");
    expect(one(201, 0).result.score).toBe(90);
    // 1790 / 2000 = 89.5 → 90 with no decimals (half up).
    expect(one(210, 0).result.score).toBe(90);
    expect(one(211, 0).result.score).toBe(89);
  });

  it("a score of exactly the threshold meets it", () => {
    // A1 b → 10: 90 / 100 = 90.0; A = 20/30 ≥ 60 %.
    const s = score({ A1: "nonconform\n    deductions: [{ id: b }]" });
    expect(s.result.score).toBe(90);
    expect(s.result.grade).toBe("一级");
  });
});

describe("weighted model", () => {
  const W = () =>
    standardFrom(`
stdz: 1
id: w
title: 加权
tier: municipal
total: 300
scoring: { model: weighted }
grading:
  levels:
    - { name: 一级, min_score: 88 }
    - { name: 二级, min_score: 50 }
elements:
  - id: R
    title: 风险管理
    weight: 0.15
    items: [{ id: R1, title: r, points: 100, deductions: [{ id: a, text: x, points: 1 }] }]
  - id: O
    title: 作业安全
    weight: 0.13
    items: [{ id: O1, title: o, points: 100, deductions: [{ id: a, text: x, points: 1 }] }]
  - id: E
    title: 其他
    weight: 0.72
    items: [{ id: E1, title: e, points: 100, deductions: [{ id: a, text: x, points: 1 }] }]
`);
  const f = (e: string) =>
    `  - item: R1\n    status: nonconform\n    deductions: [{ id: a, count: 50 }]\n  - item: O1\n    status: nonconform\n    deductions: [{ id: a, count: 35 }]\n  - item: E1\n    status: ${e}\n`;

  it("is exact where binary floating point is not: 87.95 rounds up to 88.0", () => {
    // (0.15 × 0.5 + 0.13 × 0.65 + 0.72 × 1) ÷ 1 × 100 = 87.95 exactly (floating point gives 87.94999…).
    const s = scoreText(W(), bundleText(f("conform")));
    expect(s.result.raw_score).toBe("87.95");
    expect(s.result.score).toBe(88);
    expect(s.result.grade).toBe("一级");
    expect(s.result.elements.map((e) => e.rate)).toEqual([0.5, 0.65, 1]);
    expect(s.result.formula).toBe("得分 = Σ(权重 × 得分率) ÷ Σ权重 × 100 = (0.15 × 50/100 + 0.13 × 65/100 + 0.72 × 100/100) ÷ 1 × 100 = 87.95 → 88.0");
  });

  it("a wholly 不适用 element drops out and the weights renormalise", () => {
    // (0.15 × 0.5 + 0.13 × 0.65) ÷ 0.28 × 100 = 0.1595 ÷ 0.28 × 100 = 56.964285… → 57.0.
    const s = scoreText(W(), bundleText(f("na\n    reason: 无")));
    expect(s.result.elements[2]!.rate).toBeNull();
    expect(s.result.raw_score).toBe("56.964286");
    expect(s.result.score).toBe(57);
    expect(s.result.grade).toBe("二级");
  });

  it("an applicable element without a weight is an error (BUN022)", () => {
    const std = standardFrom(`
stdz: 1
id: w2
title: 缺权重
tier: municipal
total: 20
scoring: { model: weighted }
grading: { levels: [{ name: 一级, min_score: 90 }] }
elements:
  - { id: A, title: a, weight: 1, items: [{ id: A1, title: a, points: 10 }] }
  - { id: B, title: b, items: [{ id: B1, title: b, points: 10 }] }
`);
    const s = scoreText(std, bundleText("  - { item: A1, status: conform }\n  - { item: B1, status: conform }\n"));
    expect(s.diagnostics.map((d) => d.code)).toEqual(["BUN022"]);
  });
});

describe("整改清单 and the arithmetic shown", () => {
  it("lists veto contents first, even when they lose fewer points", () => {
    // B1 (veto) loses 5; A1 b + d loses 11 and charges 3; A2 loses 2 → B1, A1, A2.
    const s = score({
      A1: 'nonconform\n    deductions: [{ id: b }, { id: d, note: 缺两份记录 }]\n    note: 记录台账不全\n    rectify_by: "2024-08-31"\n    evidence: [files/a.pdf]',
      A2: "nonconform\n    deductions: [{ id: a }]",
      B1: "nonconform\n    deductions: [{ id: a }]",
    });
    expect(s.result.nonconformities.map((n) => n.item)).toEqual(["B1", "A1", "A2"]);
    expect(s.result.nonconformities[0]).toMatchObject({
      veto: true,
      title: "特种设备检验",
      element: "B",
      element_title: "现场",
      lost: 5,
      earned: 35,
      points: 40,
    });
    expect(s.result.nonconformities[1]).toEqual({
      item: "A1",
      title: "制度齐全",
      element: "A",
      element_title: "制度",
      veto: false,
      points: 20,
      earned: 9,
      lost: 11,
      element_deductions: 3,
      deductions: [
        { id: "b", text: "未发布", points: 10, count: 1, lost: 10 },
        { id: "d", text: "记录缺失", points: 1, count: 1, max: 2, lost: 1, element_points: 3, note: "缺两份记录" },
      ],
      note: "记录台账不全",
      rectify_by: "2024-08-31",
      evidence: ["files/a.pdf"],
    });
  });

  it("sorts the others by points lost including 追加扣分, then in document order", () => {
    // A1 d × 1 loses 1 but charges 3 (4 in all) → before A2 (2); B1 conform.
    const s = score({ A1: "nonconform\n    deductions: [{ id: d }]", A2: "nonconform\n    deductions: [{ id: a }]" });
    expect(s.result.nonconformities.map((n) => n.item)).toEqual(["A1", "A2"]);
    // Equal losses keep document order: A1 b loses 10, A2 a × 5 loses 10.
    const t = score({ A1: "nonconform\n    deductions: [{ id: b }]", A2: "nonconform\n    deductions: [{ id: a, count: 5 }]" });
    expect(t.result.nonconformities.map((n) => [n.item, n.lost])).toEqual([
      ["A1", 10],
      ["A2", 10],
    ]);
  });

  it("shows earned, applicable, 不适用 and 追加扣分 figures that add up", () => {
    const s = score({ A1: "nonconform\n    deductions: [{ id: d, count: 4 }]" }, { employees: 50 }, ["B2"]);
    // A: 18 + 10 − 12 = 16; B: 40. earned 56 of 70 applicable (30 na) → 80.0.
    expect(s.result).toMatchObject({ total: 100, applicable_points: 70, na_points: 30, earned_points: 56, element_deductions: 12, raw_score: "80", score: 80 });
    expect(s.result.formula).toBe("得分 = 实得分 ÷ (总分 − 不适用分) × 100 = 56 ÷ (100 − 30) × 100 = 80 → 80.0");
    for (const e of s.result.elements) expect(e.applicable_points + e.na_points).toBe(e.points);
  });

  it("carries the enterprise risk colour into the result", () => {
    const s = score({}, { extra: "  risk: 橙\n" });
    expect(s.result.enterprise.risk).toBe("橙");
  });
});
