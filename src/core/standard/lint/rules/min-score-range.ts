import type { LintRule } from "../types.js";
import { levels, scoring } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD023",
    name: "min-score-range",
    severity: "error",
    description: { zh: "等级的 min_score 在 0 到满分 scale 之间", en: "a level's min_score lies within 0..scale" },
  },
  check(ctx) {
    const scale = scoring(ctx).scale;
    for (const l of levels(ctx)) {
      if (l.min_score.isNegative() || l.min_score.gt(scale))
        ctx.report("STD023", { name: l.name, score: l.min_score.toString(), scale: scale.toString() }, l, "min_score");
    }
  },
  claim(e) {
    if (e.keyword === "minimum" && /^\/grading\/levels\/\d+\/min_score$/.test(e.instancePath)) {
      const level = e.lookup(e.instancePath.replace(/\/min_score$/, "")) as { name?: unknown } | undefined;
      const scale = (e.lookup("/scoring/scale") as number | undefined) ?? 100;
      return { name: String(level?.name ?? "?"), score: String(e.value), scale: String(scale) };
    }
    return undefined;
  },
};
