import type { LintRule } from "../types.js";
import { items } from "../walk.js";

/** Item id (and deduction id) of the object holding a `points` field, for schema errors. */
export function ownerId(lookup: (ptr: string) => unknown, ptr: string): string {
  const parent = ptr.slice(0, ptr.lastIndexOf("/"));
  const obj = lookup(parent) as { id?: unknown } | undefined;
  const m = /^(.*)\/deductions\/\d+$/.exec(parent);
  if (m) {
    const item = lookup(m[1]!) as { id?: unknown } | undefined;
    return `${String(item?.id ?? "?")}/${String(obj?.id ?? "?")}`;
  }
  return String(obj?.id ?? parent);
}

export const rule: LintRule = {
  meta: {
    code: "STD013",
    name: "nonpositive-points",
    severity: "error",
    description: {
      zh: "考评内容的分值必须大于 0；扣分项每次扣分必须大于 0（只追加扣分的除外）",
      en: "a content's points are > 0; a deduction's points are > 0 unless it only charges element_points",
    },
  },
  check(ctx) {
    for (const { item } of items(ctx)) {
      if (item.points.n <= 0n) ctx.report("STD013", { id: item.id, value: item.points.toString() }, item, "points");
      for (const d of item.deductions) {
        if (d.points.n <= 0n && !(d.element_points && d.element_points.n > 0n)) {
          ctx.report("STD013", { id: `${item.id}/${d.id}`, value: d.points.toString() }, d, "points");
        }
      }
    }
  },
  claim(e) {
    if ((e.keyword === "minimum" || e.keyword === "exclusiveMinimum") && /\/points$/.test(e.instancePath)) {
      return { id: ownerId(e.lookup, e.instancePath), value: String(e.value) };
    }
    return undefined;
  },
};
