import type { Text } from "../core/lib/text.js";

/**
 * Wording of the grade reasons the format extensions add (prerequisite, requires, applied_level,
 * accident classes and rates), kept with the other user-facing text rather than in core.
 */
const REASONS = {
  prerequisite: { zh: "基本条件 {id} 未满足：{text}", en: "prerequisite {id} not met: {text}" },
  requires: { zh: "不满足等级条件 {condition}", en: "the level's condition {condition} does not hold" },
  applied_level: { zh: "申请等级为 {applied}，不评为更高的 {level}", en: "applied for {applied}; {level} is above it" },
  max_count: { zh: "{window}{class}及以上事故 {count} 起，{op} {limit}", en: "{window}: {count} accident(s) of class {class_en} or worse, {op} {limit}" },
  max_rate: { zh: "{window}千人{field}率 {rate}，{op} {limit}", en: "{window}: {field_en} per 1000 employees {rate}, {op} {limit}" },
  window_months: { zh: "{months}个月内", en: "within {months} months" },
  window_ever: { zh: "企业成立以来", en: "ever" },
} as const;

export type ReasonKey = keyof typeof REASONS;

/** Arguments may themselves be texts in both languages (a window, a condition). */
type Arg = string | number | Text;
const isText = (v: unknown): v is Text => typeof v === "object" && v !== null && "zh" in v && "en" in v;

function fillIn(template: string, args: Record<string, Arg>, lang: "zh" | "en"): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = args[k];
    return v === undefined ? m : isText(v) ? v[lang] : String(v);
  });
}

/** The reason in both languages; whoever prints it picks one. */
export function reasonText(key: ReasonKey, args: Record<string, Arg> = {}): Text {
  const r = REASONS[key];
  return { zh: fillIn(r.zh, args, "zh"), en: fillIn(r.en, args, "en") };
}

const OPS: Record<string, string> = { eq: "=", ne: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };

/** A condition written for people: `operating_years ≥ 3`, `gas_class ∈ {高瓦斯, 突出}`, joined by 且/或/非. */
export function conditionText(cond: unknown): Text {
  return { zh: conditionIn(cond, false), en: conditionIn(cond, true) };
}

function conditionIn(cond: unknown, en: boolean): string {
  if (typeof cond !== "object" || cond === null) return String(cond);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(cond)) {
    if (key === "all" || key === "any") {
      const subs = (Array.isArray(value) ? value : []).map((c) => `(${conditionIn(c, en)})`);
      parts.push(subs.join(key === "all" ? (en ? " and " : " 且 ") : en ? " or " : " 或 "));
    } else if (key === "not") parts.push(`${en ? "not " : "非"}(${conditionIn(value, en)})`);
    else if (typeof value === "object" && value !== null) {
      for (const [op, v] of Object.entries(value)) {
        parts.push(op === "in" ? `${key} ∈ {${(Array.isArray(v) ? v : []).map(String).join(", ")}}` : `${key} ${OPS[op] ?? op} ${String(v)}`);
      }
    }
  }
  return parts.join(en ? " and " : " 且 ");
}

/** Accident classes in English, for messages. */
export const CLASS_EN: Record<string, string> = { 一般: "ordinary", 较大: "larger", 重大: "major", 特别重大: "extraordinarily major" };
