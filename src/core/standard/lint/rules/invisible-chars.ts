import { findInvisible, visibleForm } from "../../../lib/invisible.js";
import type { LintRule } from "../types.js";
import { elements } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD060",
    name: "invisible-chars",
    severity: "warning",
    description: {
      zh: "编号和标题中没有不可见字符（零宽字符、双向控制符）",
      en: "ids and titles hold no invisible characters (zero-width, bidi controls)",
    },
  },
  check(ctx) {
    const check = (value: string | undefined, field: string, node: object, key: string) => {
      const hit = value === undefined ? undefined : findInvisible(value);
      if (hit) ctx.report("STD060", { field, value: visibleForm(value ?? ""), code_point: hit.codePoint, char_name: hit.name, index: hit.index }, node, key);
    };
    check(ctx.doc.id, "id", ctx.doc, "id");
    check(ctx.doc.title, "title", ctx.doc, "title");
    for (const { element } of elements(ctx)) {
      for (const node of [element, ...element.items]) {
        check(node.id, "id", node, "id");
        check(node.title, "title", node, "title");
      }
      for (const item of element.items) for (const d of item.deductions) check(d.id, "id", d, "id");
    }
  },
};
