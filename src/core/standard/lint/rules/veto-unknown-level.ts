import type { LintRule } from "../types.js";
import { items, levels } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD026",
    name: "veto-unknown-level",
    severity: "error",
    description: { zh: "否决项 veto.blocks 只列出已定义的等级", en: "veto.blocks names only levels the grading defines" },
  },
  check(ctx) {
    const names = levels(ctx).map((l) => l.name);
    if (names.length === 0) return;
    for (const { item } of items(ctx)) {
      const v = item.veto;
      if (typeof v !== "object") continue;
      v.blocks.forEach((b, i) => {
        if (!names.includes(b)) ctx.report("STD026", { id: item.id, level: b, levels: names.join("、") }, item, `veto/blocks/${i}`);
      });
    }
  },
};
