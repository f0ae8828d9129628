import { text } from "../../../lib/text.js";
import type { LintRule } from "../types.js";
import { elements, scoring } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD041",
    name: "weight-ignored",
    severity: "warning",
    description: {
      zh: "权重 weight 只在加权模型的一级要素上起作用",
      en: "`weight` only counts on first-level elements under model: weighted",
    },
  },
  check(ctx) {
    const weighted = scoring(ctx).model === "weighted";
    for (const { element, depth } of elements(ctx)) {
      if (element.weight === undefined) continue;
      if (depth > 0) ctx.report("STD041", { id: element.id, reason: text("只有一级要素的权重参与计分", "only first-level elements are weighted") }, element, "weight");
      else if (!weighted) ctx.report("STD041", { id: element.id, reason: text("计分模型不是 weighted", "the scoring model is not weighted") }, element, "weight");
    }
  },
};
