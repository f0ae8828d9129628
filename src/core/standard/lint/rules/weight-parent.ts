import type { LintRule } from "../types.js";
import { elements } from "../walk.js";

/** DESIGN.md extension 5: weights below the first level only under an `aggregate: weighted` parent. */
export const rule: LintRule = {
  meta: {
    code: "STD052",
    name: "weight-parent",
    severity: "error",
    description: {
      zh: "二级及以下要素的权重只能在 aggregate: weighted 的上级之下",
      en: "weights below the first level only under a parent with aggregate: weighted",
    },
  },
  check(ctx) {
    for (const { element, parent } of elements(ctx)) {
      if (!parent || (element.weight === undefined && element.weight_cases === undefined)) continue;
      if (parent.aggregate !== "weighted") ctx.report("STD052", { id: element.id, parent: parent.id }, element, "weight");
    }
  },
};
