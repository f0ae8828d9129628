import type { Level, Standard } from "../../model.js";
import { levelJson } from "../../compiled.js";
import type { LintRule } from "../types.js";
import { items, levels } from "../walk.js";

/** What decides a level besides its name and wording. */
function conditions(l: Level): string {
  const { name: _name, text: _text, ...rest } = levelJson(l);
  return JSON.stringify(rest);
}

/** DESIGN.md extension 7: levels sharing a threshold must differ in something else. */
export const rule: LintRule = {
  meta: {
    code: "STD055",
    name: "levels-indistinct",
    severity: "warning",
    description: { zh: "分数线相同的两个等级在其他条件上有所不同", en: "two levels sharing a threshold differ in some other condition" },
  },
  check(ctx) {
    const ls = levels(ctx);
    const prereqs: NonNullable<Standard["prerequisites"]> = ctx.std?.prerequisites ?? ctx.doc.prerequisites ?? [];
    const vetoes = items(ctx).map(({ item }) => item.veto);
    // A prerequisite or a veto item that blocks one level and not the other tells them apart.
    const blockedBy = (name: string): string =>
      JSON.stringify([
        prereqs.map((p) => p.blocks === "all" || p.blocks.includes(name)),
        vetoes.map((v) => v !== false && (v === "all" || v.blocks.includes(name))),
      ]);
    for (let i = 1; i < ls.length; i++) {
      const prev = ls[i - 1]!;
      const l = ls[i]!;
      if (!l.min_score.eq(prev.min_score)) continue;
      if (conditions(l) !== conditions(prev) || blockedBy(l.name) !== blockedBy(prev.name)) continue;
      ctx.report("STD055", { name: l.name, prev: prev.name, score: l.min_score.toString() }, l, "min_score");
    }
  },
};
