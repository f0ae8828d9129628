import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD031",
    name: "extends-cycle",
    severity: "error",
    description: { zh: "extends 不形成循环", en: "`extends` does not loop" },
  },
  check(ctx) {
    for (const p of ctx.chainProblems) if (p.kind === "cycle") ctx.report("STD031", { chain: p.chain.join(" → ") }, p.doc, "extends");
  },
};
