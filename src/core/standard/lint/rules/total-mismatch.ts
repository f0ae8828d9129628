import { Rational } from "../../../lib/rational.js";
import { allItems } from "../../model.js";
import type { LintRule } from "../types.js";

export const rule: LintRule = {
  meta: {
    code: "STD017",
    name: "total-mismatch",
    severity: "error",
    description: { zh: "全部考评内容的分值之和等于声明的总分 total", en: "the contents' points add up to the declared total" },
  },
  check(ctx) {
    const std = ctx.std;
    if (!std) return;
    const sum = Rational.sum([...allItems(std)].map((x) => x.item.points));
    if (!sum.eq(std.total)) ctx.reportWhole("STD017", { sum: sum.toString(), total: std.total.toString() }, "total");
  },
};
