import type { LintRule } from "../types.js";
import { levels } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD022",
    name: "levels-order",
    severity: "error",
    description: {
      zh: "等级从高到低排列，min_score 不升高（相同分数线由申请等级区分）",
      en: "levels go from highest to lowest: min_score never rises (equal thresholds are told apart by the level applied for)",
    },
  },
  check(ctx) {
    const ls = levels(ctx);
    for (let i = 1; i < ls.length; i++) {
      const prev = ls[i - 1]!;
      const l = ls[i]!;
      // Equal thresholds are allowed (DESIGN.md extension 7: 危化 一级、二级、三级均在80分以上).
      if (l.min_score.gt(prev.min_score)) {
        ctx.report("STD022", { name: l.name, score: l.min_score.toString(), prev: prev.name, prev_score: prev.min_score.toString() }, l, "min_score");
      }
    }
  },
};
