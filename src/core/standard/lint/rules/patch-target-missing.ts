import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD032",
    name: "patch-target-missing",
    severity: "error",
    description: { zh: "补丁引用的 id、parent、after 在基础标准中存在", en: "every id, parent and after a patch names exists in the base" },
  },
  check(ctx) {
    for (const p of ctx.patchProblems) if (p.kind === "missing") ctx.report("STD032", { op: p.op.op, role: p.role, ref: p.ref }, p.op, p.role);
  },
};
