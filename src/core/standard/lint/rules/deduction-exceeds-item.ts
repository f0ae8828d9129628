import type { LintRule } from "../types.js";
import { items } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD014",
    name: "deduction-exceeds-item",
    severity: "error",
    description: { zh: "扣分项每次扣分不超过考评内容的分值", en: "a deduction's points do not exceed its content's points" },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      for (const d of item.deductions) {
        // A deduction that zeroes an element may exceed its content (「扣100分（A级否决项）」 on a 20-point content).
        if (d.zeroes === undefined && d.points.gt(item.points)) {
          ctx.report("STD014", { item: item.id, id: d.id, points: d.points.toString(), item_points: item.points.toString() }, d, "points");
        }
      }
    }
  },
};
