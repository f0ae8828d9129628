import type { Element } from "../../model.js";
import type { LintRule } from "../types.js";
import { roots } from "../walk.js";

/** DESIGN.md extension 2: `zeroes` names an element that encloses the deduction's content. */
export const rule: LintRule = {
  meta: {
    code: "STD050",
    name: "zeroes-not-enclosing",
    severity: "error",
    description: { zh: "扣分项的 zeroes 指向包含该考评内容的要素", en: "a deduction's `zeroes` names an element enclosing its content" },
  },
  check(ctx) {
    const walk = (els: readonly Element[], above: readonly string[]) => {
      for (const el of els) {
        const here = [...above, el.id];
        for (const item of el.items) {
          for (const d of item.deductions) {
            if (d.zeroes === undefined || here.includes(d.zeroes)) continue;
            ctx.report("STD050", { item: item.id, id: d.id, target: d.zeroes, enclosing: here.join(", ") }, d, "zeroes");
          }
        }
        walk(el.elements, here);
      }
    };
    walk(roots(ctx), []);
  },
};
