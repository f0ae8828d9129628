// Bundle validation: DESIGN.md step 7 and the enterprise profile, each an error (or warning)
// with its code at the line and column of the offending node.
import { describe, expect, it } from "vitest";
import { message } from "../../src/render/formats/message.js";
import { evidencePathProblem, normalizeEvidencePath } from "../../src/core/scoring/bundle.js";
import type { Diagnostic } from "../../src/diagnostics.js";
import { bundleText, scoreText, standardFrom } from "./score-helpers.js";

const STD = standardFrom(`
stdz: 1
id: bv
title: 校验测试
tier: municipal
total: 60
scoring: { na: allowed }
grading: { levels: [{ name: 一级, min_score: 90 }] }
elements:
  - id: "1"
    title: 一
    items:
      - { id: "1.1", title: 制度, points: 20, deductions: [{ id: a, text: 缺, points: 5 }, { id: b, text: 未发布, points: 10 }] }
      - { id: "1.2", title: 规程, points: 20, na: forbidden, deductions: [{ id: a, text: 缺, points: 5 }] }
      - { id: "1.3", title: 大企业才有, points: 20, applies_when: { employees: { gte: 100 } } }
`);

const at = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
const check = (findings: string, opts: Parameters<typeof bundleText>[1] = {}) => scoreText(STD, bundleText(findings, opts)).diagnostics;
// bundleText puts `findings:` on line 11 (line 10 with no extra lines), so the first finding starts on line 12.
const OK = '  - item: "1.1"\n    status: conform\n  - item: "1.2"\n    status: conform\n  - item: "1.3"\n    status: conform\n';

describe("step 7: findings against the standard", () => {
  it("a clean bundle has no diagnostics", () => {
    expect(check(OK)).toEqual([]);
  });

  it("an applicable content with no finding (BUN010)", () => {
    const ds = check('  - item: "1.1"\n    status: conform\n  - item: "1.3"\n    status: conform\n');
    expect(at(ds)).toEqual(["11:1 error BUN010"]);
    expect(message(ds[0]!, "zh")).toContain("1.2");
  });

  it("a content whose applies_when is false needs no finding", () => {
    expect(check('  - item: "1.1"\n    status: conform\n  - item: "1.2"\n    status: conform\n', { employees: 50 })).toEqual([]);
  });

  it("a finding for an unknown content (BUN011)", () => {
    expect(at(check(OK + '  - item: "9.9"\n    status: conform\n'))).toEqual(["18:11 error BUN011"]);
  });

  it("two findings for one content (BUN012), naming the first line", () => {
    const ds = check(OK + '  - item: "1.1"\n    status: nonconform\n');
    expect(at(ds)).toEqual(["18:11 error BUN012"]);
    expect(message(ds[0]!, "zh")).toContain("12");
  });

  it("a deduction id the content lacks (BUN013), listing the ids it has", () => {
    const ds = check(OK.replace("status: conform", "status: nonconform\n    deductions: [{ id: z }]"));
    expect(at(ds)).toEqual(["14:24 error BUN013"]);
    expect(message(ds[0]!, "zh")).toBe("考评内容 1.1 没有扣分项 “z”（可用：a, b）");
  });

  it("a count that is not a positive integer (BUN014)", () => {
    for (const bad of ["0", "-1", "1.5"]) {
      const ds = check(OK.replace("status: conform", `status: nonconform\n    deductions: [{ id: a, count: ${bad} }]`));
      expect(at(ds)).toEqual(["14:34 error BUN014"]);
      expect(message(ds[0]!, "zh")).toContain(bad);
    }
  });

  it("deductions on a conform or na finding (BUN015)", () => {
    expect(at(check(OK.replace("status: conform", "status: conform\n    deductions: [{ id: a }]")))).toEqual(["14:5 error BUN015"]);
    expect(at(check(OK.replace("status: conform", "status: na\n    reason: 无\n    deductions: [{ id: a }]")))).toEqual(["15:5 error BUN015"]);
  });

  it("na where it is forbidden (BUN016)", () => {
    const ds = check(OK.replace('"1.2"\n    status: conform', '"1.2"\n    status: na\n    reason: 无'));
    expect(at(ds)).toEqual(["15:13 error BUN016"]);
  });

  it("na without a reason is a warning (BUN017)", () => {
    expect(at(check(OK.replace("status: conform", "status: na")))).toEqual(["13:13 warning BUN017"]);
  });

  it("a finding on a content whose applies_when is false is a warning (BUN018) and is not scored", () => {
    const s = scoreText(STD, bundleText(OK.replace('"1.3"\n    status: conform', '"1.3"\n    status: nonconform'), { employees: 50 }));
    expect(at(s.diagnostics)).toEqual(["16:11 warning BUN018"]);
    expect(s.result.items[2]).toMatchObject({ status: "na", reason: "applies_when" });
    expect(s.result.score).toBe(100);
  });

  it("a status left empty, as stdz init bundle writes it (BUN019)", () => {
    expect(at(check(OK.replace("status: conform", "status:")))).toEqual(["12:11 error BUN019"]);
  });

  it("the same deduction listed twice (BUN020)", () => {
    expect(at(check(OK.replace("status: conform", "status: nonconform\n    deductions: [{ id: a }, { id: a, count: 2 }]")))).toEqual(["14:35 error BUN020"]);
  });

  it("item ids written as bare numbers are read as their source text", () => {
    const std = standardFrom(`
stdz: 1
id: num
title: 数字编号
tier: municipal
total: 20
grading: { levels: [{ name: 一级, min_score: 90 }] }
elements:
  - { id: "1", title: 一, items: [{ id: "1.10", title: x, points: 10 }, { id: "1.1", title: y, points: 10 }] }
`);
    const s = scoreText(std, bundleText("  - { item: 1.10, status: conform }\n  - { item: 1.1, status: conform }\n"));
    expect(s.diagnostics).toEqual([]);
    expect(s.result.score).toBe(100);
  });
});

describe("enterprise profile and dates", () => {
  const withEnterprise = (lines: string, opts: Parameters<typeof bundleText>[1] = {}) => scoreText(STD, bundleText(OK, { ...opts, extra: lines })).diagnostics;

  it("checks the credit code's check character and names the expected one (BUN030)", () => {
    const ds = scoreText(STD, bundleText(OK).replace("91350500154326783G", "91350500154326783H")).diagnostics;
    expect(at(ds)).toEqual(["5:16 error BUN030"]);
    expect(message(ds[0]!, "zh")).toBe("统一社会信用代码 91350500154326783H 无效：校验码应为 G，实际为 H");
  });

  it("reads an unquoted 18-digit credit code from its source text, not a rounded double", () => {
    // 913505031458763299 is beyond 2^53; as a JS number it would lose digits.
    // DESIGN.md's example 913505031458763299 is valid; ...290 is not (its check character is 9).
    const s = scoreText(STD, bundleText(OK).replace("91350500154326783G", "913505031458763299"));
    expect(s.diagnostics).toEqual([]);
    expect(s.result.enterprise.credit_code).toBe("913505031458763299");
    const ds = scoreText(STD, bundleText(OK).replace("91350500154326783G", "913505031458763290")).diagnostics;
    expect(ds.map((d) => d.code)).toEqual(["BUN030"]);
    expect(message(ds[0]!, "zh")).toContain("校验码应为 9，实际为 0");
  });

  it("reports a wrong length or character", () => {
    expect(message(scoreText(STD, bundleText(OK).replace("91350500154326783G", "9135050015432678")).diagnostics[0]!, "zh")).toContain("应为 18 位，实际 16 位");
    expect(message(scoreText(STD, bundleText(OK).replace("91350500154326783G", "9135050015432678IG")).diagnostics[0]!, "zh")).toContain("第 17 位 “I”");
  });

  it("dates are real dates (BUN031): assessment, accidents, rectify_by", () => {
    expect(at(check(OK, { date: "2023-02-29" }))).toEqual(["9:9 error BUN031"]);
    expect(at(check(OK, { date: "2024/06/30" }))).toEqual(["9:9 error BUN031"]);
    expect(at(check(OK, { accidents: '\n  - { date: "2024-13-01", deaths: 0 }' }))).toEqual(["11:13 error BUN031"]);
    expect(at(check(OK.replace("status: conform", 'status: nonconform\n    rectify_by: "2024-09-31"')))).toEqual(["14:17 error BUN031"]);
  });

  it("employees is a non-negative integer (BUN032)", () => {
    // −1 also makes 1.3 (employees ≥ 100) not apply, so its finding draws BUN018.
    expect(at(check(OK, { employees: -1 }))).toEqual(["6:14 error BUN032", "16:11 warning BUN018"]);
    expect(at(scoreText(STD, bundleText(OK).replace("employees: 120", "employees: 12.5")).diagnostics)).toEqual(["6:14 error BUN032", "16:11 warning BUN018"]);
  });

  it("accident counts are non-negative integers, the loss a non-negative number (BUN033)", () => {
    expect(at(check(OK, { accidents: '\n  - { date: "2024-01-01", deaths: -1 }' }))).toEqual(["11:35 error BUN033"]);
    expect(at(check(OK, { accidents: '\n  - { date: "2024-01-01", minor_injuries: 1.5 }' }))).toEqual(["11:43 error BUN033"]);
    expect(check(OK, { accidents: '\n  - { date: "2024-01-01", direct_loss: 1.5 }' })).toEqual([]);
  });

  it("risk is one of 红 橙 黄 蓝 (BUN035); an empty name is an error (BUN036)", () => {
    expect(withEnterprise("  risk: 紫\n").map((d) => d.code)).toEqual(["BUN035"]);
    expect(scoreText(STD, bundleText(OK).replace("name: 测试公司", 'name: ""')).diagnostics.map((d) => d.code)).toEqual(["BUN036"]);
  });
});

describe("evidence paths, lexically", () => {
  it("refuses absolute paths and '..' segments", () => {
    expect(evidencePathProblem("/etc/passwd")).toBe("BUN050");
    expect(evidencePathProblem("C:\\x.pdf")).toBe("BUN050");
    expect(evidencePathProblem("\\\\server\\share")).toBe("BUN050");
    expect(evidencePathProblem("files/../../x")).toBe("BUN051");
    expect(evidencePathProblem("files\\..\\x")).toBe("BUN051");
    expect(evidencePathProblem("files/a..b.pdf")).toBeUndefined();
    expect(evidencePathProblem("files/目标/2024年目标.pdf")).toBeUndefined();
  });

  it("normalises separators and '.' segments", () => {
    expect(normalizeEvidencePath("./files//a\\b.pdf")).toBe("files/a/b.pdf");
  });
});
