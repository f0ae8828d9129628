import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD020",
    name: "no-levels",
    severity: "error",
    description: { zh: "评级 grading.levels 至少有一个等级", en: "grading.levels has at least one level" },
  },
  check(ctx) {
    const grading = ctx.std?.grading ?? ctx.doc.grading;
    if (grading && grading.levels.length === 0) ctx.reportWhole("STD020", {}, "grading");
  },
};
