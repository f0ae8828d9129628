import { text } from "../../../lib/text.js";
import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD040",
    name: "patch-mismatch",
    severity: "error",
    description: {
      zh: "补丁操作与目标相符：set 的字段属于该类节点，add 的上级是要素",
      en: "a patch fits its target: set changes fields that kind of node has, add goes under an element",
    },
  },
  check(ctx) {
    for (const p of ctx.patchProblems) if (p.kind === "mismatch") ctx.report("STD040", { detail: text(p.zh, p.en) }, p.op, p.field);
  },
};
