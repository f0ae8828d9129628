import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD033",
    name: "patch-id-collision",
    severity: "error",
    description: { zh: "补丁新增的要素或考评内容编号不与已有编号冲突", en: "ids added by a patch do not collide with existing ids" },
  },
  check(ctx) {
    for (const p of ctx.patchProblems) if (p.kind === "collision") ctx.report("STD033", { id: p.id }, p.node, "id");
  },
};
