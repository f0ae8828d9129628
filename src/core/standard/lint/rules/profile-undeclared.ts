import { isBuiltinField } from "../../condition.js";
import type { Condition } from "../../model.js";
import type { LintRule } from "../types.js";
import { elements, items, levels } from "../walk.js";

/** The undeclared fields of a condition with their paths below it. */
function undeclared(cond: Condition, declared: ReadonlySet<string>, path = ""): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(cond)) {
    if (value === undefined) continue;
    if (key === "all" || key === "any") (value as Condition[]).forEach((c, i) => out.push(...undeclared(c, declared, `${path}/${key}/${i}`)));
    else if (key === "not") out.push(...undeclared(value as Condition, declared, `${path}/not`));
    else if (!isBuiltinField(key) && !declared.has(key)) out.push([key, `${path}/${key}`]);
  }
  return out;
}

/** DESIGN.md extension 6: a condition names built-in profile fields or ones the standard declares. */
export const rule: LintRule = {
  meta: {
    code: "STD054",
    name: "profile-undeclared",
    severity: "error",
    description: {
      zh: "条件（applies_when、条件权重、等级 requires）只用内置或在 profile 中声明的企业信息字段",
      en: "conditions (applies_when, conditional weights, level requires) use built-in profile fields or ones declared under profile",
    },
  },
  check(ctx) {
    const declared = new Set(Object.keys(ctx.std?.profile ?? ctx.doc.profile ?? {}));
    for (const { item } of items(ctx)) {
      if (!item.applies_when) continue;
      for (const [field, path] of undeclared(item.applies_when, declared)) ctx.report("STD054", { field }, item, `applies_when${path}`);
    }
    for (const { element } of elements(ctx)) {
      (element.weight_cases ?? []).forEach((c, i) => {
        if (c.when) for (const [field, path] of undeclared(c.when, declared)) ctx.report("STD054", { field }, element, `weight/${i}/when${path}`);
      });
    }
    for (const level of levels(ctx)) {
      if (level.requires) for (const [field, path] of undeclared(level.requires, declared)) ctx.report("STD054", { field }, level, `requires${path}`);
    }
  },
};
