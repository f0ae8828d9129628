import type { LintRule } from "../types.js";
import { levels } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD021",
    name: "duplicate-level",
    severity: "error",
    description: { zh: "等级名称不重复", en: "level names are unique" },
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const l of levels(ctx)) {
      if (seen.has(l.name)) ctx.report("STD021", { name: l.name }, l, "name");
      seen.add(l.name);
    }
  },
};
