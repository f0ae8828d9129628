import { text } from "../../../lib/text.js";
import type { LintRule } from "../types.js";
import { items } from "../walk.js";

/** DESIGN.md extension 3: a shared cap lists deductions of its own item, each once, and a deduction belongs to one cap. */
export const rule: LintRule = {
  meta: {
    code: "STD051",
    name: "cap-invalid",
    severity: "error",
    description: {
      zh: "共用扣分上限 caps 只列本考评内容的扣分项，每项一次，且一个扣分项只属于一个上限",
      en: "a shared cap lists deductions of its own content, each once, and a deduction belongs to one cap only",
    },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      if (!item.caps) continue;
      const own = new Set(item.deductions.map((d) => d.id));
      const capped = new Map<string, number>();
      item.caps.forEach((cap, i) => {
        const here = new Set<string>();
        cap.deductions.forEach((id, j) => {
          const field = `deductions/${j}`;
          if (!own.has(id)) {
            ctx.report(
              "STD051",
              {
                item: item.id,
                detail: text(
                  `扣分项 “${id}” 不属于本考评内容（本项有：${[...own].join("、") || "无"}）`,
                  `deduction '${id}' is not one of this content's (it has: ${[...own].join(", ") || "none"})`,
                ),
              },
              cap,
              field,
            );
          } else if (here.has(id)) {
            ctx.report("STD051", { item: item.id, detail: text(`扣分项 “${id}” 列了两次`, `deduction '${id}' is listed twice`) }, cap, field);
          } else if (capped.has(id)) {
            ctx.report(
              "STD051",
              {
                item: item.id,
                detail: text(`扣分项 “${id}” 已属于第 ${capped.get(id)! + 1} 个上限`, `deduction '${id}' already belongs to cap ${capped.get(id)! + 1}`),
              },
              cap,
              field,
            );
          }
          here.add(id);
          if (!capped.has(id)) capped.set(id, i);
        });
      });
    }
  },
};
