import type { LintRule } from "../types.js";
import { elements } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD035",
    name: "empty-title",
    severity: "error",
    description: { zh: "标准、要素和考评内容的标题不为空", en: "the standard, its elements and contents have non-empty titles" },
  },
  check(ctx) {
    if (ctx.doc.title.trim() === "") ctx.report("STD035", { id: ctx.doc.id }, ctx.doc, "title");
    for (const { element } of elements(ctx)) {
      for (const node of [element, ...element.items]) if (node.title.trim() === "") ctx.report("STD035", { id: node.id }, node, "title");
    }
  },
};
