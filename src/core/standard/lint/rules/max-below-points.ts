import type { LintRule } from "../types.js";
import { items } from "../walk.js";
import { ownerId } from "./nonpositive-points.js";

export const rule: LintRule = {
  meta: {
    code: "STD015",
    name: "max-below-points",
    severity: "error",
    description: { zh: "扣分上限 max 不小于每次扣分", en: "a deduction's cap `max` is at least its points" },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      for (const d of item.deductions) {
        if (d.max !== undefined && d.max.lt(d.points)) {
          ctx.report("STD015", { id: `${item.id}/${d.id}`, max: d.max.toString(), points: d.points.toString() }, d, "max");
        }
      }
    }
  },
  claim(e) {
    if (e.keyword === "minimum" && /\/deductions\/\d+\/max$/.test(e.instancePath)) {
      const points = e.lookup(e.instancePath.replace(/max$/, "points"));
      return { id: ownerId(e.lookup, e.instancePath), max: String(e.value), points: String(points ?? "?") };
    }
    return undefined;
  },
};
