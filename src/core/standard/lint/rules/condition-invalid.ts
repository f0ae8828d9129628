import { text } from "../../../lib/text.js";
import { FIELD_TYPES } from "../../condition.js";
import type { Comparison, Condition, ProfileField } from "../../model.js";
import type { LintRule } from "../types.js";
import { items } from "../walk.js";

const TYPE_ZH = { number: "数字", string: "字符串", boolean: "布尔值（true/false）" } as const;

/** Problems of one condition: [sub-path below applies_when, zh, en]. */
export function conditionProblems(cond: Condition, path = ""): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const [key, value] of Object.entries(cond)) {
    if (key === "all" || key === "any") (value as Condition[]).forEach((c, i) => out.push(...conditionProblems(c, `${path}/${key}/${i}`)));
    else if (key === "not") out.push(...conditionProblems(value as Condition, `${path}/not`));
    else if (key in FIELD_TYPES) {
      const type = FIELD_TYPES[key as ProfileField];
      const cmp = value as Comparison;
      for (const [op, v] of Object.entries(cmp)) {
        const p = `${path}/${key}/${op}`;
        if (["gt", "gte", "lt", "lte"].includes(op) && type !== "number") {
          out.push([p, `${key} 是${TYPE_ZH[type]}，不能用 ${op} 比较大小`, `${key} is a ${type}; '${op}' compares numbers only`]);
          continue;
        }
        const values = op === "in" ? (v as unknown[]) : [v];
        values.forEach((x, i) => {
          if (typeof x !== type) {
            const q = op === "in" ? `${p}/${i}` : p;
            out.push([q, `${key} 应与${TYPE_ZH[type]}比较，${JSON.stringify(x)} 不是`, `${key} compares with a ${type}; ${JSON.stringify(x)} is not one`]);
          }
        });
      }
    }
  }
  return out;
}

export const rule: LintRule = {
  meta: {
    code: "STD027",
    name: "condition-invalid",
    severity: "error",
    description: {
      zh: "适用条件 applies_when 只用已知的企业字段，比较的值类型正确",
      en: "applies_when uses known profile fields and compares values of the right type",
    },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      if (!item.applies_when) continue;
      for (const [path, zh, en] of conditionProblems(item.applies_when)) ctx.report("STD027", { detail: text(zh, en) }, item, `applies_when${path}`);
    }
  },
  claim(e) {
    if (!/\/applies_when(\/|$)/.test(e.instancePath)) return undefined;
    if (e.keyword === "additionalProperties") {
      const f = String(e.params.additionalProperty);
      return { detail: text(`未知的企业字段或运算 “${f}”`, `unknown profile field or operator '${f}'`) };
    }
    return { detail: e.detail };
  },
};
