import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD039",
    name: "base-invalid",
    severity: "error",
    description: { zh: "extends 指向的基础标准本身没有错误", en: "the standard named by `extends` has no errors itself" },
  },
  check(ctx) {
    for (const p of ctx.chainProblems) {
      if (p.kind === "base-invalid") ctx.report("STD039", { ref: p.ref, file: p.file, count: p.errors }, p.doc, "extends");
    }
  },
};
