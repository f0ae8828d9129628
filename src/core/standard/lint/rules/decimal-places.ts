import type { Deduction, Element, Item } from "../../model.js";
import { Rational } from "../../../lib/rational.js";
import type { SetFields } from "../../standard.js";
import type { LintContext, LintRule, SourceDoc } from "../types.js";

/** DESIGN.md "Numbers": points-like figures at most 2 places, weight and min_element_rate at most 4. */
const POINTS = 2;
const RATE = 4;

/**
 * A number missing from the source texts prints back as written: String() of the double it
 * was read from gives it (1e-7 stays 1e-7). That double is recovered from the exact value,
 * and checked, so a value it cannot hold is shown exactly instead.
 */
function asWritten(value: Rational): string {
  const exact = value.toString();
  const n = Number(exact);
  return Rational.fromNumber(n).eq(value) ? String(n) : exact;
}

/**
 * Every figure of each file of the chain, checked on the exact value read from its source text
 * (trailing zeros do not count: 7.50 has one place). The value shown is the text as written.
 */
function check(ctx: LintContext, src: SourceDoc): void {
  const at = (value: Rational | undefined, max: number, node: object, field: string) => {
    if (value === undefined) return;
    const places = value.decimalPlaces();
    // Decimal source text always terminates; a value that does not came from elsewhere.
    if (places === undefined || places <= max) return;
    const path = ctx.locate(node, field).path;
    const text = (path !== undefined ? src.numbers.get(path) : undefined) ?? asWritten(value);
    const name = field.slice(field.lastIndexOf("/") + 1);
    ctx.report("STD010", { field: name, max, value: text, places }, node, field);
  };
  const deduction = (d: Deduction) => {
    at(d.points, POINTS, d, "points");
    at(d.max, POINTS, d, "max");
    at(d.element_points, POINTS, d, "element_points");
  };
  const item = (it: Item) => {
    at(it.points, POINTS, it, "points");
    at(it.exhausted_penalty, POINTS, it, "exhausted_penalty");
    for (const d of it.deductions) deduction(d);
    (it.caps ?? []).forEach((c, i) => at(c.max, POINTS, it, `caps/${i}/max`));
  };
  const element = (el: Element) => {
    at(el.weight, RATE, el, "weight");
    (el.weight_cases ?? []).forEach((c, i) => at(c.value, RATE, el, `weight/${i}/value`));
    for (const it of el.items) item(it);
    for (const child of el.elements) element(child);
  };
  const fields = (f: SetFields, op: object) => {
    at(f.points, POINTS, op, "fields/points");
    at(f.exhausted_penalty, POINTS, op, "fields/exhausted_penalty");
    at(f.weight, RATE, op, "fields/weight");
    for (const d of f.deductions ?? []) deduction(d);
  };
  const doc = src.doc;
  at(doc.total, POINTS, doc, "total");
  for (const level of doc.grading?.levels ?? []) {
    at(level.min_score, POINTS, level, "min_score");
    const mer = level.min_element_rate;
    if (mer instanceof Rational) at(mer, RATE, level, "min_element_rate");
    else if (mer !== undefined) {
      at(mer.default, RATE, level, "min_element_rate/default");
      for (const [id, r] of Object.entries(mer.elements)) at(r, RATE, level, `min_element_rate/elements/${id}`);
    }
  }
  for (const el of doc.elements ?? []) element(el);
  for (const p of doc.prerequisites ?? []) at(p.deduct_total_rate, RATE, p, "deduct_total_rate");
  for (const op of doc.patch) {
    if (op.op === "set") fields(op.fields, op);
    else if (op.op === "add") {
      if (op.element) element(op.element);
      if (op.item) item(op.item);
    }
  }
}

export const rule: LintRule = {
  meta: {
    code: "STD010",
    name: "decimal-places",
    severity: "error",
    description: {
      zh: "分值最多 2 位小数，权重和要素得分率最多 4 位小数（按源文本读取）",
      en: "points at most 2 decimal places, weights and element rates at most 4 (read from the source text)",
    },
  },
  check(ctx) {
    for (const src of ctx.sources) check(ctx, src);
  },
};
