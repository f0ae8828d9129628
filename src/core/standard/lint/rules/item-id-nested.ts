import type { LintRule } from "../types.js";
import { items } from "../walk.js";

const cls = (c: string): string => (/\d/.test(c) ? "digit" : /\p{L}/u.test(c) ? "letter" : "sep");

/** "2.1.1" under "2.1", "A1" under "A": the id continues the parent's id after a separator or a change of kind. */
export function nestedUnder(id: string, parent: string): boolean {
  if (id.length <= parent.length || !id.startsWith(parent)) return false;
  const next = id[parent.length]!;
  const last = parent[parent.length - 1]!;
  return cls(next) === "sep" || cls(next) !== cls(last);
}

export const rule: LintRule = {
  meta: {
    code: "STD012",
    name: "item-id-nested",
    severity: "warning",
    description: { zh: "考评内容编号应以所属要素编号开头（如 2.1 下的 2.1.1）", en: "a content id should extend its element's id (2.1.1 under 2.1)" },
  },
  check(ctx) {
    for (const { item, parent } of items(ctx)) {
      if (parent && !nestedUnder(item.id, parent.id)) ctx.report("STD012", { id: item.id, parent: parent.id }, item, "id");
    }
  },
};
