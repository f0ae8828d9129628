import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD030",
    name: "extends-not-found",
    severity: "error",
    description: { zh: "extends 指向的基础标准能找到", en: "the standard named by `extends` can be found" },
  },
  check(ctx) {
    for (const p of ctx.chainProblems) if (p.kind === "not-found") ctx.report("STD030", { ref: p.ref, searched: p.searched }, p.doc, "extends");
  },
};
