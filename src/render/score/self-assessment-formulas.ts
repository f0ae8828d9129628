// The 自评表's live formulas: conditions over the enterprise facts, clause texts, and the rules
// the running total cannot model (the workbook then says its total is a guide).
import type { Comparison, Condition, Deduction, Element, Standard } from "../../core/standard/model.js";
import { NO, YES, circled, info, q, type InfoKey } from "./self-assessment-layout.js";

/** The 企业信息 cell holding a fact: a built-in field's row, or a declared profile field's extra row. */
export type FactCell = (field: string) => { cell: string; numeric: boolean };
export const builtinFact: FactCell = (field) => ({ cell: info(field as InfoKey), numeric: field === "employees" });

/** A condition over the enterprise facts as an Excel formula; a missing fact makes a comparison false. */
export function conditionFormula(c: Condition, fact: FactCell = builtinFact): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(c)) {
    if (value === undefined) continue;
    if (key === "all") parts.push(`AND(${(value as Condition[]).map((x) => conditionFormula(x, fact)).join(",")})`);
    else if (key === "any") parts.push(`OR(${(value as Condition[]).map((x) => conditionFormula(x, fact)).join(",")})`);
    else if (key === "not") parts.push(`NOT(${conditionFormula(value as Condition, fact)})`);
    else parts.push(comparisonFormula(fact(key), value as Comparison));
  }
  return parts.length === 1 ? parts[0]! : `AND(${parts.join(",")})`;
}

function comparisonFormula({ cell, numeric }: { cell: string; numeric: boolean }, cmp: Comparison): string {
  const lit = (v: unknown) => (typeof v === "boolean" ? q(v ? YES : NO) : typeof v === "number" ? String(v) : q(String(v)));
  const tests: string[] = [numeric ? `ISNUMBER(${cell})` : `${cell}<>""`];
  if (cmp.eq !== undefined) tests.push(`${cell}=${lit(cmp.eq)}`);
  if (cmp.ne !== undefined) tests.push(`${cell}<>${lit(cmp.ne)}`);
  if (cmp.in !== undefined) tests.push(`OR(${cmp.in.map((v) => `${cell}=${lit(v)}`).join(",")})`);
  for (const [op, sym] of [
    ["gt", ">"],
    ["gte", ">="],
    ["lt", "<"],
    ["lte", "<="],
  ] as const)
    if (cmp[op] !== undefined) tests.push(`${cell}${sym}${cmp[op]}`);
  return `AND(${tests.join(",")})`;
}

export function clauseText(d: Deduction, k: number): string {
  const limits = [
    d.max !== undefined ? `上限 ${d.max.toString()} 分` : "",
    d.element_points !== undefined ? `另扣要素 ${d.element_points.toString()} 分` : "",
  ].filter(Boolean);
  return `${circled(k)} ${d.text.replace(/\s*[\r\n]+\s*/g, " ").trim()}（每次扣 ${d.points.toString()} 分${limits.length ? "，" + limits.join("，") : ""}）`;
}

export function conditionText(c: Condition): string {
  const OPS: Record<string, string> = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤", in: "∈" };
  const NAMES: Record<string, string> = {
    employees: "从业人员",
    sector: "行业",
    region: "地区",
    above_scale: "规模以上",
    high_risk: "高危",
    small_micro: "小微",
  };
  const parts: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    if (k === "all") parts.push((v as Condition[]).map(conditionText).join(" 且 "));
    else if (k === "any") parts.push(`(${(v as Condition[]).map(conditionText).join(" 或 ")})`);
    else if (k === "not") parts.push(`非(${conditionText(v as Condition)})`);
    else
      for (const [op, val] of Object.entries(v as Comparison)) {
        const shown = typeof val === "boolean" ? (val ? YES : NO) : Array.isArray(val) ? val.join("、") : String(val);
        parts.push(`${NAMES[k] ?? k}${OPS[op] ?? op}${shown}`);
      }
  }
  return parts.join(" 且 ");
}

/** Rules of the standard that the workbook's running total does not model (it is then only a guide). */
export function formulaGaps(std: Standard): string[] {
  const gaps = new Set<string>();
  if ((std.prerequisites ?? []).some((p) => p.deduct_total_rate !== undefined)) gaps.add("基本条件扣除总分");
  const walk = (els: readonly Element[], depth: number) => {
    for (const el of els) {
      if (el.aggregate !== undefined && el.aggregate !== "pool") gaps.add("子项合成方式");
      if (el.weight_cases !== undefined) gaps.add("条件权重");
      if (depth > 0 && el.weight !== undefined) gaps.add("子项权重");
      for (const it of el.items) {
        if ((it.caps ?? []).length) gaps.add("合并扣分上限");
        if (it.deductions.some((d) => d.zeroes !== undefined)) gaps.add("要素不得分");
      }
      walk(el.elements, depth + 1);
    }
  };
  walk(std.elements, 0);
  return [...gaps];
}
