import type { LintRule } from "../types.js";
import { elements } from "../walk.js";

/** DESIGN.md extension 5: an element that combines child rates (min, mean, weighted) holds no contents directly. */
export const rule: LintRule = {
  meta: {
    code: "STD056",
    name: "aggregate-direct-items",
    severity: "error",
    description: {
      zh: "aggregate 为 min、mean 或 weighted 的要素不直接包含考评内容",
      en: "an element with aggregate min, mean or weighted holds no contents directly",
    },
  },
  check(ctx) {
    for (const { element } of elements(ctx)) {
      const agg = element.aggregate;
      if (agg === undefined || agg === "pool" || element.items.length === 0) continue;
      ctx.report("STD056", { id: element.id, aggregate: agg, items: element.items.map((i) => i.id).join(", ") }, element, "aggregate");
    }
  },
};
