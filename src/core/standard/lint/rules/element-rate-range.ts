import type { LintRule } from "../types.js";
import { levels } from "../walk.js";
import { Rational } from "../../../lib/rational.js";

export const rule: LintRule = {
  meta: {
    code: "STD024",
    name: "element-rate-range",
    severity: "error",
    description: { zh: "等级的 min_element_rate 在 0 到 1 之间", en: "a level's min_element_rate lies within 0..1" },
  },
  check(ctx) {
    for (const l of levels(ctx)) {
      const m = l.min_element_rate;
      if (m === undefined) continue;
      const rates: [Rational, string][] =
        m instanceof Rational
          ? [[m, "min_element_rate"]]
          : [
              ...(m.default !== undefined ? [[m.default, "min_element_rate/default"] as [Rational, string]] : []),
              ...Object.entries(m.elements).map(([id, r]): [Rational, string] => [r, `min_element_rate/elements/${id}`]),
            ];
      for (const [r, field] of rates) if (r.isNegative() || r.gt(Rational.ONE)) ctx.report("STD024", { name: l.name, rate: r.toString() }, l, field);
    }
  },
};
