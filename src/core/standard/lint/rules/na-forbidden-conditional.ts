import type { LintRule } from "../types.js";
import { items } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD028",
    name: "na-forbidden-conditional",
    severity: "warning",
    description: {
      zh: "na: forbidden 的考评内容又有 applies_when：条件不成立时它仍会不适用",
      en: "na: forbidden on a content with applies_when: it is still inapplicable when the condition fails",
    },
  },
  check(ctx) {
    for (const { item } of items(ctx)) if (item.na === "forbidden" && item.applies_when) ctx.report("STD028", { id: item.id }, item, "na");
  },
};
