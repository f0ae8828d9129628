import { describe, expect, it } from "vitest";
import { evaluateCondition } from "../../src/core/standard/condition.js";
import type { Condition } from "../../src/core/standard/model.js";

describe("evaluateCondition", () => {
  const p = { employees: 120, sector: "冶金", region: "福建省泉州市", above_scale: true, high_risk: false };
  const cases: [string, Condition, boolean][] = [
    ["gt holds", { employees: { gt: 100 } }, true],
    ["gt at the boundary is false", { employees: { gt: 120 } }, false],
    ["gte at the boundary is true", { employees: { gte: 120 } }, true],
    ["lt / lte", { employees: { lt: 121, lte: 120 } }, true],
    ["several operators all hold", { employees: { gt: 100, lt: 110 } }, false],
    ["eq on a string", { sector: { eq: "冶金" } }, true],
    ["ne", { sector: { ne: "冶金" } }, false],
    ["in", { sector: { in: ["有色", "冶金"] } }, true],
    ["booleans", { above_scale: { eq: true }, high_risk: { eq: false } }, true],
    ["strict types: 120 is not '120'", { employees: { eq: "120" } }, false],
    ["all", { all: [{ employees: { gt: 100 } }, { sector: { eq: "冶金" } }] }, true],
    ["any", { any: [{ employees: { gt: 1000 } }, { sector: { eq: "冶金" } }] }, true],
    ["not", { not: { employees: { gt: 100 } } }, false],
    ["missing field: comparison false", { small_micro: { eq: true } }, false],
    ["missing field: even ne is false", { small_micro: { ne: true } }, false],
    ["missing field: not of it is true", { not: { small_micro: { eq: true } } }, true],
    ["nested", { all: [{ not: { any: [{ high_risk: { eq: true } }, { employees: { lt: 10 } }] } }] }, true],
  ];
  for (const [name, cond, want] of cases) it(name, () => expect(evaluateCondition(cond, p)).toBe(want));
  it("an empty profile: every field comparison is false", () => {
    expect(evaluateCondition({ employees: { gte: 0 } }, {})).toBe(false);
    expect(evaluateCondition({ not: { employees: { gte: 0 } } }, {})).toBe(true);
  });
});
