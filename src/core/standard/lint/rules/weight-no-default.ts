import type { LintRule } from "../types.js";
import { elements } from "../walk.js";

/** DESIGN.md extension 5: a conditional weight list ends with its default (an entry without `when`). */
export const rule: LintRule = {
  meta: {
    code: "STD053",
    name: "weight-no-default",
    severity: "error",
    description: { zh: "条件权重列表以不带 when 的默认值结尾", en: "a conditional weight list ends with a default (an entry without `when`)" },
  },
  check(ctx) {
    for (const { element } of elements(ctx)) {
      const cases = element.weight_cases;
      if (!cases || cases.length === 0) continue;
      const last = cases.length - 1;
      if (cases[last]!.when !== undefined) ctx.report("STD053", { id: element.id }, element, `weight/${last}`);
    }
  },
};
