import { text } from "../../../lib/text.js";
import type { LintRule } from "../types.js";
import { elements, scoring } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD041",
    name: "weight-ignored",
    severity: "warning",
    description: {
      zh: "一级要素的权重 weight 只在加权模型下起作用（下级要素见 STD052）",
      en: "a first-level `weight` only counts under model: weighted (below the first level see STD052)",
    },
  },
  check(ctx) {
    const weighted = scoring(ctx).model === "weighted";
    for (const { element, depth } of elements(ctx)) {
      if (element.weight === undefined && element.weight_cases === undefined) continue;
      // Below the first level a weight counts under an `aggregate: weighted` parent; elsewhere STD052 reports it.
      if (depth > 0) continue;
      if (!weighted) ctx.report("STD041", { id: element.id, reason: text("计分模型不是 weighted", "the scoring model is not weighted") }, element, "weight");
    }
  },
};
