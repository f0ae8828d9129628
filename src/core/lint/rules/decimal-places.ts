import { Rational } from "../../rational.js";
import type { LintRule } from "../types.js";

/** DESIGN.md "Numbers": points-like figures at most 2 places, weight and min_element_rate at most 4. */
const PLACES: Record<string, number> = {
  points: 2,
  max: 2,
  element_points: 2,
  exhausted_penalty: 2,
  total: 2,
  min_score: 2,
  weight: 4,
  min_element_rate: 4,
};

/** Plain decimal text: the places are its fraction digits without trailing zeros (as Rational would say). */
const PLAIN = /^[+-]?\d*(?:\.(\d*?)0*)?$/;

function placesOf(text: string): number | undefined {
  const m = PLAIN.exec(text);
  if (m && /\d/.test(text)) return m[1]?.length ?? 0;
  return Rational.parse(text)?.decimalPlaces();
}

export const rule: LintRule = {
  meta: {
    code: "STD010",
    name: "decimal-places",
    severity: "error",
    description: { zh: "分值最多 2 位小数，权重和要素得分率最多 4 位小数（按源文本读取）", en: "points at most 2 decimal places, weights and element rates at most 4 (read from the source text)" },
  },
  check(ctx) {
    for (const src of ctx.sources) {
      for (const [ptr, text] of src.numbers) {
        if (ptr.includes("/applies_when")) continue;
        const field = ptr.slice(ptr.lastIndexOf("/") + 1);
        const max = PLACES[field];
        if (max === undefined) continue;
        const places = placesOf(text);
        if (places !== undefined && places > max) ctx.reportAt("STD010", { field, max, value: text, places }, src, ptr);
      }
    }
  },
};
