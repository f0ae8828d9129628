import type { LintRule } from "../types.js";
import { items } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD037",
    name: "deduction-no-text",
    severity: "error",
    description: { zh: "每个扣分项都有扣分说明 text", en: "every deduction says what it is for (`text`)" },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      for (const d of item.deductions) if (d.text.trim() === "") ctx.report("STD037", { item: item.id, id: d.id }, d, "text");
    }
  },
};
