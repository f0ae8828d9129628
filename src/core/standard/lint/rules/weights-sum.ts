import { Rational } from "../../../lib/rational.js";
import type { LintRule } from "../types.js";
import { scoring } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD019",
    name: "weights-sum",
    severity: "error",
    description: { zh: "加权模型下一级要素的权重之和恰好为 1（精确计算）", en: "with model: weighted the first-level weights add up to exactly 1" },
  },
  check(ctx) {
    const std = ctx.std;
    if (!std || scoring(ctx).model !== "weighted") return;
    // Conditional weights depend on the enterprise: no one sum to check.
    if (std.elements.some((e) => e.weight_cases !== undefined)) return;
    const ws = std.elements.map((e) => e.weight);
    if (ws.length === 0 || ws.some((w) => w === undefined)) return; // STD018 says which
    const sum = Rational.sum(ws as Rational[]);
    if (!sum.eq(Rational.ONE)) ctx.reportWhole("STD019", { sum: sum.toString() }, "scoring");
  },
};
