import type { LintRule } from "../types.js";
import { elements } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD034",
    name: "empty-element",
    severity: "error",
    description: { zh: "每个要素至少有一个下级要素或考评内容", en: "every element holds sub-elements or contents" },
  },
  check(ctx) {
    for (const { element } of elements(ctx)) {
      if (element.elements.length === 0 && element.items.length === 0) ctx.report("STD034", { id: element.id }, element, "id");
    }
  },
};
