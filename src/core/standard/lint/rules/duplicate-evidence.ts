import type { LintRule } from "../types.js";
import { items } from "../walk.js";

export const rule: LintRule = {
  meta: {
    code: "STD036",
    name: "duplicate-evidence",
    severity: "warning",
    description: { zh: "同一考评内容的证据名称不重复", en: "a content lists each evidence name once" },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      const seen = new Set<string>();
      (item.evidence ?? []).forEach((e, i) => {
        const k = e.trim();
        if (seen.has(k)) ctx.report("STD036", { id: item.id, name: e }, item, `evidence/${i}`);
        seen.add(k);
      });
    }
  },
};
