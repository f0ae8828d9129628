import type { LintRule } from "../types.js";
import { items } from "../walk.js";
import { ownerId } from "./nonpositive-points.js";

export const rule: LintRule = {
  meta: {
    code: "STD016",
    name: "negative-penalty",
    severity: "error",
    description: { zh: "追加扣分 element_points 和 exhausted_penalty 不为负数", en: "element_points and exhausted_penalty are not negative" },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      if (item.exhausted_penalty?.isNegative()) {
        ctx.report("STD016", { field: "exhausted_penalty", id: item.id, value: item.exhausted_penalty.toString() }, item, "exhausted_penalty");
      }
      for (const d of item.deductions) {
        if (d.element_points?.isNegative()) {
          ctx.report("STD016", { field: "element_points", id: `${item.id}/${d.id}`, value: d.element_points.toString() }, d, "element_points");
        }
      }
    }
  },
  claim(e) {
    const m = /\/(element_points|exhausted_penalty)$/.exec(e.instancePath);
    if (e.keyword === "minimum" && m) return { field: m[1], id: ownerId(e.lookup, e.instancePath), value: String(e.value) };
    return undefined;
  },
};
