import type { LintRule } from "../types.js";
import { roots, scoring } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD018",
    name: "weight-missing",
    severity: "error",
    description: { zh: "加权模型下每个一级要素都有权重 weight", en: "with model: weighted every first-level element has a weight" },
  },
  check(ctx) {
    if (scoring(ctx).model !== "weighted") return;
    for (const el of roots(ctx)) if (el.weight === undefined) ctx.report("STD018", { id: el.id }, el, "id");
  },
};
