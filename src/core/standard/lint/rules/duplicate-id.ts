import type { LintRule } from "../types.js";
import { elements, where } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD011",
    name: "duplicate-id",
    severity: "error",
    description: { zh: "要素和考评内容的编号在整个标准中唯一", en: "element and content ids are unique across the whole standard" },
  },
  check(ctx) {
    const seen = new Map<string, object>();
    for (const { element } of elements(ctx)) {
      for (const node of [element, ...element.items]) {
        const first = seen.get(node.id);
        if (first) ctx.report("STD011", { id: node.id, first: where(ctx, first, "id") }, node, "id");
        else seen.set(node.id, node);
      }
    }
  },
};
