import type { LintRule } from "../types.js";
import type { Element } from "../../model.js";
import { elements, roots, scoring } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD018",
    name: "weight-missing",
    severity: "error",
    description: {
      zh: "加权模型下每个一级要素、aggregate: weighted 要素的每个子要素都有权重 weight",
      en: "with model: weighted every first-level element, and every child of an aggregate: weighted element, has a weight",
    },
  },
  check(ctx) {
    const hasWeight = (el: Element) => el.weight !== undefined || el.weight_cases !== undefined;
    if (scoring(ctx).model === "weighted") for (const el of roots(ctx)) if (!hasWeight(el)) ctx.report("STD018", { id: el.id }, el, "id");
    // The children of an `aggregate: weighted` element need weights too (DESIGN.md extension 5).
    for (const { element } of elements(ctx)) {
      if (element.aggregate !== "weighted") continue;
      for (const child of element.elements) if (!hasWeight(child)) ctx.report("STD018", { id: child.id }, child, "id");
    }
  },
};
