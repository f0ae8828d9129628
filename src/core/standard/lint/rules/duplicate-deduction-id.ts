import type { LintRule } from "../types.js";
import { items } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD038",
    name: "duplicate-deduction-id",
    severity: "error",
    description: { zh: "同一考评内容中扣分项编号不重复", en: "deduction ids are unique within a content" },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      const seen = new Set<string>();
      for (const d of item.deductions) {
        if (seen.has(d.id)) ctx.report("STD038", { item: item.id, id: d.id }, d, "id");
        seen.add(d.id);
      }
    }
  },
};
